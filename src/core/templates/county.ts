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
    credits: z.strictObject({
      basis: z.string().min(1),
      perYear: z.number().min(0),
      perCycle: z.number().min(0),
      cycleYears: z.int().min(1),
      /** A year a five-year cycle starts in (e.g. 2016 for 2016–2020); the others follow from it. */
      cycleStartYear: z.int().min(1990).max(2100),
      newTeacherInduction: z.number().min(0),
      /** The most credits one 学时 can earn: more is an entry error (校验结果). */
      creditsPerHour: z.number().positive().default(1),
    }),
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
