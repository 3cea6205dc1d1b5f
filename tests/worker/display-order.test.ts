/**
 * The worker on a school spreadsheet in the display order provisioning gives it (issue 22):
 * 姓名, 身份证件号, 审核状态, 校验结果 first, 记录编号 and 同步时间 far to the right. Columns
 * are found by header, so statuses land under their headers, typed cells stay as typed, and the
 * write-back is still one batchUpdate per school.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { validTabs } from "../core/validate/fixture";
import { toDisplayOrder } from "./support/display-order";
import { requestsDuring, type ServiceAccount } from "./support/emulator";
import { ADMIN, setUpSchoolSheet, tabRows } from "./support/school-sheet";
import { cycle, writeCell } from "./support/schools";

const SCHOOL = {
  code: "4306230098",
  name: "华容县列序测试小学",
  category: "primary_secondary" as const,
};
const SYSTEM = new Set(["校长审核", "审核状态", "校验结果", "记录编号", "同步时间", "教师编号"]);
let sa: ServiceAccount;
let env: Env;
let spreadsheetId = "";

const readTab = (tab: string) => tabRows(spreadsheetId, tab);

/** Rows as header → value; typed columns only, or the worker's only. */
async function rowsOf(tab: string, part: "typed" | "system") {
  const [headers = [], ...rows] = await readTab(tab);
  return rows.map((row) =>
    Object.fromEntries(
      headers.flatMap((h, i) => (SYSTEM.has(h) === (part === "system") ? [[h, row[i] ?? ""]] : [])),
    ),
  );
}

beforeAll(async () => {
  ({ sa, env, spreadsheetId } = await setUpSchoolSheet("display-order", SCHOOL, validTabs()));
  await toDisplayOrder(ADMIN, spreadsheetId);
});

describe("a school spreadsheet in the display order", () => {
  let typed: Record<string, string>[];

  it("shows the person and the status first, 记录编号 and 同步时间 far right", async () => {
    const [headers = []] = await readTab("基本信息");
    expect(headers.slice(0, 5)).toEqual(["姓名", "身份证件号", "审核状态", "校验结果", "曾用名"]);
    expect(headers.indexOf("记录编号")).toBeGreaterThan(30);
    typed = await rowsOf("基本信息", "typed");
    expect(typed.length).toBeGreaterThan(1);
  });

  it("first sync: statuses, ids and numbers under their headers, one write-back", async () => {
    const made = await requestsDuring(sa.client_email, () => cycle(env));
    expect(made).toEqual({
      "drive.files.list": 1,
      "sheets.spreadsheets.values.batchGetByDataFilter": 2,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const rows = await readTab("基本信息");
    for (const row of rows.slice(1)) {
      expect(row[2]).toBe("待审核");
      expect(row[3]).toBe("校验通过");
    }
    for (const row of await rowsOf("基本信息", "system")) {
      expect(row.审核状态).toBe("待审核");
      expect(row.记录编号).toMatch(/^R[A-Z0-9]{11}$/);
      expect(row.教师编号).toMatch(/^430623\d{6}$/);
      expect(row.同步时间).not.toBe("");
    }
    expect(await rowsOf("基本信息", "typed")).toEqual(typed);
    for (const row of await rowsOf("联系方式", "system")) expect(row.审核状态).toBe("待审核");
  });

  it("a wrong value: 待完善 and the message in columns C and D of that row, one write-back", async () => {
    await writeCell(ADMIN, spreadsheetId, "基本信息", "性别", 2, "不知道");
    const made = await requestsDuring(sa.client_email, () => cycle(env));
    expect(made["sheets.spreadsheets.batchUpdate"]).toBe(1);
    expect(made["sheets.spreadsheets.values.batchUpdate"]).toBeUndefined();
    const [, first = [], second = []] = await readTab("基本信息");
    expect(first[2]).toBe("待完善");
    expect(first[3]).toContain("性别");
    expect(second[2]).toBe("待审核");
    const now = await rowsOf("基本信息", "typed");
    expect(now[0]?.性别).toBe("不知道");
    expect(now.slice(1)).toEqual(typed.slice(1));
  });
});
