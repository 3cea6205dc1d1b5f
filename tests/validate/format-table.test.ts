import { describe, expect, it } from "vitest";
import {
  displayWidth,
  formatTable,
  jsonLine,
  summaryLine,
} from "../../scripts/validate/format-table";
import type { Finding } from "../../src/core/validate";

function finding(overrides: Partial<Finding>): Finding {
  return {
    tab: "基本信息",
    row: 2,
    column: "性别",
    severity: "error",
    code: "id.sex_mismatch",
    params: { expected: "女" },
    message: "性别：与身份证件号不一致，按身份证号应为“女”",
    ...overrides,
  };
}

const FINDINGS: Finding[] = [
  finding({
    row: null,
    column: null,
    severity: "warning",
    message: "以下列不属于模板，已忽略：备用",
  }),
  finding({}),
  finding({ row: 12, column: "身份证件号", message: "身份证件号：校验位错误，应为 5，请核对号码" }),
  finding({
    tab: "海外研修（访学）",
    row: 3,
    column: "结束日期",
    message: "结束日期：应晚于「开始日期」（2016-09-01），请核对",
  }),
];

describe("displayWidth", () => {
  it.each([
    ["abc", 3],
    ["基本信息", 8],
    ["海外研修（访学）", 16],
    ["１２", 4],
    ["12", 2],
  ])("%s takes %i columns", (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe("formatTable", () => {
  it("says so when there is nothing to report", () => {
    expect(formatTable([])).toBe("未发现问题");
  });

  it("aligns the columns by their width on screen and names each tab once", () => {
    const lines = formatTable(FINDINGS).split("\n");
    expect(lines).toEqual([
      "工作表            行  列          级别  说明",
      "----------------  --  ----------  ----  ----",
      "基本信息           -  -           提醒  以下列不属于模板，已忽略：备用",
      "                   2  性别        错误  性别：与身份证件号不一致，按身份证号应为“女”",
      "                  12  身份证件号  错误  身份证件号：校验位错误，应为 5，请核对号码",
      "",
      "海外研修（访学）   3  结束日期    错误  结束日期：应晚于「开始日期」（2016-09-01），请核对",
      "",
      "共 4 条：错误 3 条，提醒 1 条",
    ]);
  });

  it("keeps a message quoting a multi-line cell on one line", () => {
    const table = formatTable([finding({ message: "姓名：「张\n伟」不能包含换行" })]);
    expect(table).toContain("姓名：「张 伟」不能包含换行");
  });
});

describe("summaryLine", () => {
  it("counts errors and warnings", () => {
    expect(summaryLine([finding({ severity: "warning" })])).toBe("共 1 条：错误 0 条，提醒 1 条");
  });
});

describe("jsonLine", () => {
  it("holds exactly tab, row, column, severity and message", () => {
    const line = jsonLine(FINDINGS[0] as Finding);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toStrictEqual({
      tab: "基本信息",
      row: null,
      column: null,
      severity: "warning",
      message: "以下列不属于模板，已忽略：备用",
    });
    expect(Object.keys(JSON.parse(line))).toEqual(["tab", "row", "column", "severity", "message"]);
  });
});
