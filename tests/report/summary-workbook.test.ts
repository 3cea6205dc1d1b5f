import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSummaryWorkbook } from "../../scripts/report/report";
import { writeXlsx } from "../../src/adapters/xlsx/index";
import {
  buildOverview,
  OVERVIEW_HEADERS,
  type SchoolSummary,
} from "../../src/core/reports/overview";
import { REVIEW_STATES, type ReviewState } from "../../src/core/review/states";
import { shippedCountyConfig } from "../../src/core/templates/bundle";
import { currentCampaign } from "../../src/core/templates/county";

const counts = (some: Partial<Record<ReviewState, number>>) =>
  Object.fromEntries(REVIEW_STATES.map((state) => [state, some[state] ?? 0])) as Record<
    ReviewState,
    number
  >;

const school = (code: string, name: string, more: Partial<SchoolSummary>): SchoolSummary => ({
  code,
  name,
  township: "章华镇",
  category: "中小学",
  people: 0,
  completePeople: 0,
  counts: counts({}),
  errors: 0,
  lastChange: null,
  ...more,
});

/**
 * 总览 as the worker computes it: one school late (highlighted), text that looks like a formula,
 * tab problems on a school's row and on the totals.
 */
const overview = buildOverview(
  [
    school("4306230002", "华容县第一中学", {
      people: 11,
      completePeople: 11,
      counts: counts({ effective: 20, ready: 2 }),
      lastChange: "2017-03-09T02:00:00.000Z",
    }),
    school("4306230005", '=HYPERLINK("http://x.example","点我")', {
      township: "-治河渡镇",
      people: 3,
      completePeople: 1,
      counts: counts({ incomplete: 2, ready: 4 }),
      errors: 2,
      lastChange: "2017-03-12T02:00:00.000Z",
      tabProblems: "「学习经历」已删除；「联系方式」已改名为「联系方式1」",
    }),
  ],
  currentCampaign(shippedCountyConfig).deadlines,
  "2017-03-12",
  { tabProblems: "县级复核表：「调动审批」已改名为「调动审批旧」" },
);
const TAB_PROBLEMS = OVERVIEW_HEADERS.indexOf("表格异常");

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tmis-report-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The first sheet's values, every row as wide as the header, blanks as "". */
async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings declare their own Buffer; a copy of the bytes is one.
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("工作簿里没有工作表");
  const rows = Array.from({ length: sheet.rowCount }, (_, r) =>
    OVERVIEW_HEADERS.map((_, c) => {
      const value = sheet.getRow(r + 1).getCell(c + 1).value;
      return value === null || value === undefined ? "" : value;
    }),
  );
  const filled = (row: number) =>
    (sheet.getRow(row + 1).getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
  return {
    name: sheet.name,
    rows,
    bold: sheet.getRow(1).getCell(1).font?.bold === true,
    highlighted: rows.flatMap((_, r) => (filled(r) === "FFF4CCCC" ? [r] : [])),
  };
}

describe("the 总览 workbooks read back with exceljs", () => {
  it("the overview has an overdue school to highlight, and tab problems", () => {
    expect(overview.overdueRows).toHaveLength(1);
    expect(overview.table).toHaveLength(4);
    expect(overview.table.map((row) => row[TAB_PROBLEMS])).toEqual([
      "表格异常",
      "1 所学校的表格有异常；县级复核表：「调动审批」已改名为「调动审批旧」",
      // The school most behind first.
      "「学习经历」已删除；「联系方式」已改名为「联系方式1」",
      "",
    ]);
  });

  it("the worker's writer (fflate + strings, run here in Node): same rows, formulas kept as text", async () => {
    const bytes = writeXlsx([
      { name: "总览", rows: overview.table, highlight: overview.overdueRows },
    ]);
    const read = await readBack(bytes);
    expect(read.name).toBe("总览");
    expect(read.rows).toEqual(overview.table);
    expect(read.bold).toBe(true);
    expect(read.highlighted).toEqual(overview.overdueRows);
  });

  it("npm run report's writer: same rows, header bold, the overdue row filled", async () => {
    const file = path.join(dir, "汇总.xlsx");
    await writeSummaryWorkbook(
      [
        {
          title: "总览",
          rows: overview.table.map((row) => [...row]),
          highlight: [...overview.overdueRows],
        },
        { title: "统计", rows: [["统计项", "分类", "人数", "男", "女"]], highlight: [] },
      ],
      file,
    );
    const read = await readBack(await readFile(file));
    expect(read.name).toBe("总览");
    expect(read.rows).toEqual(overview.table);
    expect(read.bold).toBe(true);
    expect(read.highlighted).toEqual(overview.overdueRows);
  });

  it("npm run report's writer: the 业务台账's steps, one per line, wrapped", async () => {
    const file = path.join(dir, "业务台账.xlsx");
    const steps = [
      "提交申请：调入学校（a@x.cn）填报，2026-03-02 09:00",
      "本校确认：调入学校（b@x.cn）确认，2026-03-02 10:00",
    ];
    await writeSummaryWorkbook(
      [
        {
          title: "业务台账",
          rows: [
            ["申请编号", "办理过程"],
            ["YW000001", steps.join("\n")],
          ],
          highlight: [],
        },
      ],
      file,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    const cell = sheet?.getRow(2).getCell(2);
    expect(sheet?.name).toBe("业务台账");
    expect(String(cell?.value).split("\n")).toEqual(steps);
    expect(cell?.alignment?.wrapText).toBe(true);
    expect(sheet?.getColumn(2).width).toBeLessThan(60);
  });
});
