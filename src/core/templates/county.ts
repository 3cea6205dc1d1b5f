/**
 * County configuration: who rechecks what, the campaign deadlines, the credit rule and the
 * retirement ages. Deadlines and credit numbers are data because the notice's dates are one
 * year's and the county's own credit rule (华教体通〔2016〕76号) may differ from the provincial
 * defaults; the retirement ages because the statutory ones rise month by month from 2025 on.
 */
import { z } from "zod";
import { parseWithIssues, type TemplateResult } from "./issues";

const IsoDate = z.iso.date();
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
    campaign: z.strictObject({
      deadlines: z.strictObject({
        collection: IsoDate,
        schoolReview: IsoDate,
        countyRecheck: IsoDate,
        complete: IsoDate,
      }),
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
    const { collection, schoolReview, countyRecheck, complete } = config.campaign.deadlines;
    if (!(collection <= schoolReview && schoolReview <= countyRecheck && countyRecheck <= complete))
      ctx.addIssue({
        code: "custom",
        path: ["campaign", "deadlines"],
        message: "截止日期须按 采集 ≤ 学校审核 ≤ 县级复核 ≤ 完成 的顺序",
      });
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

/** The office that rechecks rows of a section. */
export function recheckOffice(config: CountyConfig, sectionKey: string): Office | undefined {
  return (
    config.offices.find(
      (office) => "sections" in office.recheck && office.recheck.sections.includes(sectionKey),
    ) ?? config.offices.find((office) => "others" in office.recheck)
  );
}
