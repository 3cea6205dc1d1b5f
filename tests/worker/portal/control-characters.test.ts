/**
 * A teacher's form typed (or pasted) with NUL, BEL, ESC and bidi-override characters: what the
 * portal queues, and so what the school's sync writes into the school sheet, holds none of them.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { pendingSubmissions } from "../../../src/adapters/store/submissions";
import { placeSubmissions } from "../../../src/core/sync/submissions";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { addSchools, idCrypto } from "../store/fixtures";
import { addTeachers, Browser, type TestTeacher } from "../support/portal";

const SCHOOL = "4306231891";
const PASSWORD = "Qiu-feng#Lake2026";
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters this test looks for.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let teacher: TestTeacher;

beforeAll(async () => {
  await addSchools(SCHOOL);
  [teacher] = (await addTeachers(SCHOOL, [1])) as [TestTeacher];
  await new Browser().firstSignIn(teacher.teacherNumber, teacher.initialPassword, PASSWORD);
});

describe("control and bidi characters in a portal form", () => {
  it("never reach the queue nor the cells written to the school sheet", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, PASSWORD);
    const csrf = await browser.csrfOf("/portal/sections/education/new");
    const res = await browser.post(
      "/portal/sections/education",
      {
        education: "21",
        eduInstitution: "\u202e湖南\u0000师范\u0007大学\u202c",
        major: "汉语言\u001b[2J文学\u2066",
        normalMajor: "1",
        enrolDate: "2003.9",
        graduationDate: "2007年6月",
        degreeLevel: "4",
        degreeName: "文学\u202d学士\u200f",
        studyMode: "1",
      },
      csrf,
    );
    expect(res.headers.get("location")).toBe("/portal/me?done=submitted");
    const [queued] = await pendingSubmissions(env.DB, SCHOOL, await idCrypto);
    expect(queued?.values).toMatchObject({
      education: "21",
      eduInstitution: "湖南师范大学",
      major: "汉语言[2J文学",
      enrolDate: "2003-09",
      graduationDate: "2007-06",
      degreeName: "文学学士",
    });

    const section = templateFor(shippedTemplates, "primary_secondary").find(
      (s) => s.key === "education",
    );
    if (section === undefined || queued === undefined) throw new Error("no 学习经历");
    const header = [...section.columns, ...section.trailingColumns].map((c) => c.header);
    const placed = placeSubmissions({
      tabs: [{ range: `'${section.title}'!A1:ZZ`, values: [header] }],
      templates: shippedTemplates,
      category: "primary_secondary",
      schoolName: "华容县测试学校891",
      today: "2026-03-02",
      submissions: [queued],
      effectiveOf: () => undefined,
    });
    const cells = placed.writes[0]?.cells ?? [];
    expect(cells.map((cell) => cell.value)).toContain("湖南师范大学");
    for (const cell of cells) expect(JSON.stringify(cell.value)).not.toMatch(HIDDEN);
  });
});
