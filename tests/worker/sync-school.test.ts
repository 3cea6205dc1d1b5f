import { beforeAll, describe, expect, it } from "vitest";
import { recheckItem } from "../../src/adapters/store/registry";
import type { Env } from "../../src/env";
import { validTabs } from "../core/validate/fixture";
import { requestsDuring, type ServiceAccount } from "./support/emulator";
import { ADMIN, cellOf, setUpSchoolSheet } from "./support/school-sheet";
import { cycle, writeCell } from "./support/schools";

const SCHOOL = {
  code: "4306230099",
  name: "华容县同步测试小学",
  category: "primary_secondary" as const,
};
let sa: ServiceAccount;
let env: Env;
let spreadsheetId = "";

/** A cell of a tab by header text and sheet row (1-based), as the user sees it. */
const cell = (tab: string, header: string, row: number) => cellOf(spreadsheetId, tab, header, row);

beforeAll(async () => {
  ({ sa, env, spreadsheetId } = await setUpSchoolSheet("sync-school", SCHOOL, validTabs()));
});

describe("a school's sheet through the review chain", () => {
  it("first sync: issues record ids and teacher numbers and writes each row's status", async () => {
    const made = await requestsDuring(sa.client_email, () => cycle(env));
    expect(made).toEqual({
      "drive.files.list": 1,
      "sheets.spreadsheets.values.batchGetByDataFilter": 2,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect(await cell("基本信息", "审核状态", 2)).toBe("待审核");
    expect(await cell("基本信息", "记录编号", 2)).toMatch(/^R[A-Z0-9]{11}$/);
    expect(await cell("基本信息", "教师编号", 2)).toMatch(/^430623\d{6}$/);
    expect(await cell("联系方式", "审核状态", 2)).toBe("待审核");
  });

  it("the next cycle takes our own write for what it is: one Drive request, nothing to do", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      const { sent } = await cycle(env);
      expect(sent).toEqual([]);
    });
    expect(made).toEqual({ "drive.files.list": 1 });
  });

  it("a one-cell edit costs 1 Drive + 3 Sheets requests and the row shows what is wrong", async () => {
    await writeCell(ADMIN, spreadsheetId, "联系方式", "移动电话", 2, "12345");
    const made = await requestsDuring(sa.client_email, () => cycle(env));
    expect(made).toEqual({
      "drive.files.list": 1,
      "sheets.spreadsheets.values.batchGetByDataFilter": 2,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect(await cell("联系方式", "审核状态", 2)).toBe("待完善");
    expect(await cell("联系方式", "校验结果", 2)).toContain("移动电话");
  });

  it("the principal's tick on a valid row sends it to the county recheck", async () => {
    await writeCell(ADMIN, spreadsheetId, "基本信息", "校长审核", 2, true);
    await cycle(env);
    expect(await cell("基本信息", "审核状态", 2)).toBe("已审核待复核");
    const recordId = await cell("基本信息", "记录编号", 2);
    expect(await recheckItem(env.DB, recordId)).toMatchObject({ recordId, state: "queued" });
  });

  it("a tick on a row with errors is cleared with the reason", async () => {
    await writeCell(ADMIN, spreadsheetId, "联系方式", "校长审核", 2, true);
    await cycle(env);
    expect(await cell("联系方式", "校长审核", 2)).toBe("FALSE");
    expect(await cell("联系方式", "审核状态", 2)).toBe("待完善");
    expect(await cell("联系方式", "校验结果", 2)).toMatch(/不能审核/);
  });
});
