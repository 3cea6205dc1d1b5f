import { describe, expect, it } from "vitest";
import { placeSubmissions, type Submission } from "../../../src/core/sync/submissions";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import type { Cell } from "../../../src/core/validate";
import { ID, sheetRows, TODAY, validTabs } from "../validate/fixture";

const TAB = "学习经历";
const header = sheetRows("primary_secondary", TAB, [])[0] as string[];
const at = (h: string) => header.indexOf(h);

/** The fixture's 学习经历 with a 记录编号 on each row, as a synced sheet shows it. */
function tab(edit: (rows: Cell[][]) => void = () => {}) {
  const rows = sheetRows("primary_secondary", TAB, validTabs()[TAB] ?? []) as Cell[][];
  rows.slice(1).forEach((row, i) => {
    row[at("记录编号")] = `R${i}`;
    row[at("校长审核")] = true;
  });
  edit(rows);
  return [{ range: `'${TAB}'!A1:Z9`, values: rows }];
}

/** 张伟's first row as the registry holds it in force. */
const effective = {
  name: "张伟",
  idNumber: ID.zhang,
  education: "21",
  eduCountry: "156",
  eduInstitution: "湖南师范大学",
  major: "汉语言文学",
  normalMajor: "1",
  enrolDate: "2003-09",
  graduationDate: "2007-06",
  degreeLevel: "3",
  degreeName: "文学学士",
  degreeCountry: "156",
  degreeInstitution: "湖南师范大学",
  degreeDate: "2007-06",
  studyMode: "1",
};

function place(tabs: ReturnType<typeof tab>, submissions: Submission[]) {
  return placeSubmissions({
    tabs,
    templates: shippedTemplates,
    category: "primary_secondary",
    schoolName: "华容县实验小学",
    today: TODAY,
    submissions,
    effectiveOf: (id) => (id === "R0" ? effective : undefined),
  });
}

const at0 = "2017-02-20T02:30:00.000Z";

describe("placing teachers' submissions into the sheet as read", () => {
  it("corrects only the cells the teacher changed, unticks the box and notes the teacher", () => {
    const placed = place(tab(), [
      {
        id: "S1",
        section: "education",
        recordId: "R0",
        createdAt: at0,
        values: { ...effective, major: "汉语言" },
      },
    ]);
    expect(placed.writes).toEqual([
      expect.objectContaining({
        submissionId: "S1",
        row: 2,
        previousId: "R0",
        cells: [{ key: "major", value: "汉语言" }],
        note: "教师本人于 2017-02-20 10:30 通过自助系统提交，请核对后由校长审核",
      }),
    ]);
    const row = placed.tabs[0]?.values?.[1] ?? [];
    expect(row[at("所学专业")]).toBe("汉语言");
    expect(row[at("校长审核")]).toBe(false);
  });

  it("keeps a cell the school typed since, and says so", () => {
    const tabs = tab((rows) => {
      (rows[1] as Cell[])[at("所学专业")] = "中国语言文学";
    });
    const placed = place(tabs, [
      {
        id: "S1",
        section: "education",
        recordId: "R0",
        createdAt: at0,
        values: { ...effective, major: "汉语言", degreeName: "文学硕士" },
      },
    ]);
    expect(placed.writes[0]?.cells).toEqual([{ key: "degreeName", value: "文学硕士" }]);
    expect(placed.writes[0]?.note).toContain("学校此后已修改的「所学专业」保留学校填写的内容");
    expect(placed.tabs[0]?.values?.[1]?.[at("所学专业")]).toBe("中国语言文学");
  });

  it("adds a new row below the last one; one already in the sheet is not added again", () => {
    const fresh = {
      ...effective,
      major: "课程与教学论",
      enrolDate: "2010-09",
      graduationDate: "2013-06",
    };
    const tabs = tab();
    const placed = place(tabs, [
      { id: "S2", section: "education", recordId: null, createdAt: at0, values: fresh },
    ]);
    const last = (tabs[0]?.values.length ?? 0) + 1;
    expect(placed.writes).toEqual([expect.objectContaining({ row: last, previousId: "" })]);
    const again = place(
      placed.tabs.map((t) => ({ ...t, values: [...(t.values ?? [])] })) as never,
      [{ id: "S2", section: "education", recordId: null, createdAt: at0, values: fresh }],
    );
    expect(again.writes).toEqual([]);
    expect(again.present).toEqual(["S2"]);
  });

  it("sets aside a correction whose row is gone; a correction already shown is not written again", () => {
    const gone = place(tab(), [
      { id: "S3", section: "education", recordId: "R9", createdAt: at0, values: effective },
    ]);
    expect(gone.dropped).toEqual(["S3"]);
    const shown = place(
      tab((rows) => {
        (rows[1] as Cell[])[at("所学专业")] = "汉语言";
      }),
      [
        {
          id: "S4",
          section: "education",
          recordId: "R0",
          createdAt: at0,
          values: { ...effective, major: "汉语言" },
        },
      ],
    );
    expect(shown.writes).toEqual([]);
    expect(shown.present).toEqual(["S4"]);
  });
});
