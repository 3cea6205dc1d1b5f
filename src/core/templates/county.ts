/**
 * County configuration: who rechecks what, the campaign deadlines, the credit rule and the
 * retirement ages. Deadlines and credit numbers are data because the notice's dates are one
 * year's and the county's own credit rule (华教体通〔2016〕76号) may differ from the provincial
 * defaults; the retirement ages because the statutory ones rise month by month from 2025 on.
 */
import { z } from "zod";
import { parseWithIssues, type TemplateResult } from "./issues";

const STEP_TITLES = {
  collection: "采集",
  schoolReview: "学校审核",
  countyRecheck: "县级复核",
  complete: "完成",
} as const;
type Step = keyof typeof STEP_TITLES;
const STEPS = Object.keys(STEP_TITLES) as Step[];

/** A real calendar day written YYYY-MM-DD: the regex alone lets 2027-02-30 through. */
function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/**
 * One year's campaign: its four deadlines (时间安排), county (Beijing) dates. Each deadline's
 * message names the step, so whoever edits county.json sees which date is wrong and why.
 */
export const Campaign = z
  .strictObject({
    year: z.int().min(2000).max(2100),
    deadlines: z.strictObject(
      Object.fromEntries(
        STEPS.map((step) => [
          step,
          z.string().refine(isCalendarDay, {
            error: (issue) =>
              `「${STEP_TITLES[step]}」截止日期不是有效日期（应写作 2027-03-17 这样的格式），实际为「${String(issue.input)}」`,
          }),
        ]),
      ) as Record<Step, z.ZodString>,
    ),
  })
  .superRefine((campaign, ctx) => {
    const { deadlines } = campaign;
    if (!STEPS.every((step) => isCalendarDay(deadlines[step]))) return;
    const first = deadlines.collection;
    if (first.slice(0, 4) !== String(campaign.year))
      ctx.addIssue({
        code: "custom",
        path: ["deadlines", "collection"],
        message: `「采集」截止日期（${first}）不在 ${campaign.year} 年内`,
      });
    const late = STEPS.findIndex(
      (step, i) => i > 0 && deadlines[step] < deadlines[STEPS[i - 1] as Step],
    );
    const step = STEPS[late];
    const before = STEPS[late - 1];
    if (step !== undefined && before !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["deadlines", step],
        message: `「${STEP_TITLES[step]}」截止日期（${deadlines[step]}）早于「${STEP_TITLES[before]}」截止日期（${deadlines[before]}）；四个日期须按 采集 ≤ 学校审核 ≤ 县级复核 ≤ 完成 的顺序`,
      });
  });
export type Campaign = z.infer<typeof Campaign>;

interface PathIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/** Across campaigns: one per year, and `active` names one of them. */
function campaignIssues(config: { active?: number; campaigns: readonly Campaign[] }): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Set<number>();
  config.campaigns.forEach((campaign, i) => {
    if (seen.has(campaign.year))
      issues.push({
        path: ["campaigns", i, "year"],
        message: `${campaign.year} 年的采集已在前面列出，每年只能有一个`,
      });
    seen.add(campaign.year);
  });
  if (config.active !== undefined && !seen.has(config.active))
    issues.push({ path: ["active"], message: `campaigns 中没有 ${config.active} 年的采集` });
  return issues;
}
const Division = z.strictObject({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) });

export const OfficeDuty = z.enum([
  "recheck",
  "transfer",
  "rotation",
  "status_change",
  "credits",
  "change_approval",
]);
export type OfficeDuty = z.infer<typeof OfficeDuty>;

export const Office = z.strictObject({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  name: z.string().min(1),
  emails: z.array(z.email()).min(1),
  /** Sections (by key) this office rechecks; `others` = every section no other office claims. */
  recheck: z.union([
    z.strictObject({ sections: z.array(z.string().min(1)) }),
    z.strictObject({ others: z.literal(true) }),
  ]),
  duties: z.array(OfficeDuty).min(1),
});
export type Office = z.infer<typeof Office>;

/**
 * Long absences recorded in 人员状态 (在职情况变动) whose months are not owed: 借出, 长病假, 进修,
 * 企业实践, 因公出国, 离岗创业, 待岗, 下落不明 (assumption: the county may list others).
 */
const ABSENCE_CODES = ["201", "202", "203", "204", "206", "207", "208", "210", "211"];

/**
 * The credit rule. National defaults (《中小学教师继续教育规定》, 教育部令第7号: 360 学时 per
 * five-year cycle, 1 学分 per 学时 assumed); the yearly requirement is derived from the cycle
 * (360 ÷ 5 = 72) unless the county sets its own `perYear`, which must then add up to the cycle.
 */
const CreditRule = z
  .strictObject({
    basis: z.string().min(1),
    perCycle: z.number().min(0).default(360),
    cycleYears: z.int().min(1).default(5),
    /** Omitted: perCycle ÷ cycleYears. */
    perYear: z.number().min(0).optional(),
    /** A year a five-year cycle starts in (e.g. 2016 for 2016–2020); the others follow from it. */
    cycleStartYear: z.int().min(1990).max(2100),
    /** Owed over the twelve months from 参加工作年月 by a new teacher, on top of the yearly rule. */
    newTeacherInduction: z.number().min(0),
    /** The most credits one 学时 can earn: more is an entry error (校验结果). */
    creditsPerHour: z.number().positive().default(1),
    /** 人员状态 codes of a long absence, and the months from which it reduces what is owed. */
    absence: z
      .strictObject({
        codes: z.array(z.string().regex(/^\d{3}$/)).default(ABSENCE_CODES),
        minMonths: z.int().min(1).max(12).default(3),
      })
      .default({ codes: ABSENCE_CODES, minMonths: 3 }),
  })
  .superRefine((rule, ctx) => {
    if (rule.perYear === undefined) return;
    const total = Math.round(rule.perYear * rule.cycleYears * 100) / 100;
    if (total === rule.perCycle) return;
    const why =
      total < rule.perCycle ? "每年的要求加起来达不到周期要求" : "周期要求低于每年要求之和";
    ctx.addIssue({
      code: "custom",
      path: ["perYear"],
      message: `学分规则前后矛盾：credits.perYear（每年 ${rule.perYear} 学分）× credits.cycleYears（${rule.cycleYears} 年）= ${total}，而 credits.perCycle（每周期）为 ${rule.perCycle}，${why}。请改正这几项，或删去 credits.perYear，由 perCycle ÷ cycleYears 算出每年要求`,
    });
  })
  .transform((rule) => ({ ...rule, perYear: rule.perYear ?? rule.perCycle / rule.cycleYears }));

export const CountyConfig = z
  .strictObject({
    notice: z.string().min(1),
    county: Division,
    city: Division,
    province: Division,
    offices: z.array(Office).min(1),
    /** The campaigns by year; the active one is `active`, else chosen by date (`activeCampaign`). */
    campaign: z.strictObject({
      active: z.int().optional(),
      campaigns: z.array(Campaign).min(1),
    }),
    credits: CreditRule,
    /**
     * A 退休 at a younger age than this on its date is warned of, never refused: early retirement
     * (illness, 30 years of service, special posts) is lawful, so the age is a plausibility check.
     */
    retirement: z.strictObject({
      basis: z.string().min(1),
      minimumAge: z.strictObject({
        male: z.int().min(40).max(70),
        female: z.int().min(40).max(70),
      }),
    }),
  })
  .superRefine((config, ctx) => {
    for (const issue of campaignIssues(config.campaign))
      ctx.addIssue({ code: "custom", path: ["campaign", ...issue.path], message: issue.message });
    const catchAll = config.offices.filter((office) => "others" in office.recheck);
    if (catchAll.length !== 1)
      ctx.addIssue({
        code: "custom",
        path: ["offices"],
        message: "须恰好有一个科室复核其余所有标签页（recheck.others）",
      });
  });
export type CountyConfig = z.infer<typeof CountyConfig>;
export type RetirementAges = CountyConfig["retirement"]["minimumAge"];

export const COUNTY_FILE = "county.json";

export function loadCountyConfig(raw: unknown): TemplateResult<CountyConfig> {
  return parseWithIssues(CountyConfig, COUNTY_FILE, raw);
}

/**
 * The campaign the county is running on `today` (a county date): the one `active` names, else
 * the latest whose year has come (a new year's campaign starts once it is listed and its year
 * has begun; until then the previous one's lateness still shows), else the earliest listed.
 */
export function activeCampaign(config: CountyConfig, today: string): Campaign {
  const { active, campaigns } = config.campaign;
  const byYear = [...campaigns].sort((a, b) => a.year - b.year);
  const named = byYear.find((campaign) => campaign.year === active);
  const year = Number(today.slice(0, 4));
  const begun = byYear.filter((campaign) => campaign.year <= year).at(-1);
  const chosen = named ?? begun ?? byYear[0];
  if (chosen === undefined) throw new Error("county.json lists no campaign");
  return chosen;
}

/** The campaign active now, on the county's (Beijing, UTC+8) date: for provisioning and the manual. */
export function currentCampaign(config: CountyConfig, now: Date = new Date()): Campaign {
  return activeCampaign(config, new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
}

/**
 * The worker's optional CAMPAIGN var: one campaign as JSON, run instead of county.json's (the
 * demo and trial runs set it). Checked as county.json's are; a bad one fails loudly.
 */
export function campaignFromVar(text: string): Campaign {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("CAMPAIGN 不是有效的 JSON");
  }
  const parsed = parseWithIssues(Campaign, "CAMPAIGN", raw);
  if (!parsed.ok)
    throw new Error(parsed.issues.map((i) => `CAMPAIGN › ${i.where}：${i.message}`).join("\n"));
  return parsed.value;
}

const DAY_MS = 86_400_000;

/** `days` after an ISO date, as an ISO date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A campaign that makes sense on `today`: collection closed yesterday (so a school that has not
 * finished it is one day late), each later step a week after the one before.
 */
export function demoCampaign(today: string): Campaign {
  const collection = addDays(today, -1);
  return {
    year: Number(collection.slice(0, 4)),
    deadlines: {
      collection,
      schoolReview: addDays(collection, 7),
      countyRecheck: addDays(collection, 14),
      complete: addDays(collection, 21),
    },
  };
}

/** The office that rechecks rows of a section. */
export function recheckOffice(config: CountyConfig, sectionKey: string): Office | undefined {
  return (
    config.offices.find(
      (office) => "sections" in office.recheck && office.recheck.sections.includes(sectionKey),
    ) ?? config.offices.find((office) => "others" in office.recheck)
  );
}
