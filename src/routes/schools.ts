import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { type SchoolProgress, schoolProgress } from "../adapters/store/registry-accounts";
import { tabProblemsOfSchool } from "../adapters/store/sync-state";
import { REVIEW_STATE_LABELS, REVIEW_STATES, type ReviewState } from "../core/review/states";
import { tabProblemMessage } from "../core/sync/tab-manifest";
import { shippedTemplates } from "../core/templates/bundle";
import type { Env } from "../env";

const SchoolCode = z.string().regex(/^\d{10}$/);

/** Section key → tab title, for answers people read. */
const sectionTitles = new Map(
  Object.values(shippedTemplates.categories).flatMap((c) =>
    c.sections.map((s) => [s.key, s.title] as const),
  ),
);

function view(progress: SchoolProgress) {
  const totals = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<
    ReviewState,
    number
  >;
  for (const section of progress.sections) {
    for (const state of REVIEW_STATES) totals[state] += section.counts[state];
  }
  return {
    code: progress.schoolCode,
    name: progress.schoolName,
    totals,
    sections: progress.sections.map((s) => ({
      section: s.section,
      title: sectionTitles.get(s.section) ?? s.section,
      counts: s.counts,
    })),
  };
}

/** `GET /api/schools` and `GET /api/schools/:code`: records per section and review state. */
export const schools = new Hono<{ Bindings: Env }>()
  .get("/", async (c) => {
    const all = await schoolProgress(c.env.DB);
    return c.json({ stateLabels: REVIEW_STATE_LABELS, schools: all.map(view) });
  })
  .get("/:code", async (c) => {
    const code = SchoolCode.safeParse(c.req.param("code"));
    if (!code.success) {
      throw new HTTPException(400, { message: "学校代码应为10位数字" });
    }
    const [progress] = await schoolProgress(c.env.DB, code.data);
    if (!progress) throw new HTTPException(404, { message: `没有学校代码为 ${code.data} 的学校` });
    const problems = await tabProblemsOfSchool(c.env.DB, code.data);
    return c.json({
      stateLabels: REVIEW_STATE_LABELS,
      school: {
        ...view(progress),
        // Template tabs not synced (renamed or deleted): what the school was told, and why.
        tabProblems: problems.map((p) => ({ tab: p.title, message: tabProblemMessage(p) })),
      },
    });
  });
