import { beforeAll, describe, expect, it } from "vitest";
import { recheckItem } from "../../src/adapters/store/registry";
import { CHANGE_APPROVAL_TITLE } from "../../src/core/provision/county";
import { columnLetters } from "../../src/core/sheets/a1";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import type { RecheckMessage, SyncMessage } from "../../src/jobs/messages";
import { ID, residentId, sheetRows, validTabs } from "../core/validate/fixture";
import { consumeRecheck, createCountySheet } from "./support/county-sheet";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { cycle } from "./support/schools";

// Its own user: the emulator counts quota per user, and other test files act as admin@.
const ADMIN = "fuhe-test@hrjy.example.cn";
const SCHOOL = { code: "4306230097", name: "华容县复核测试小学", category: "primary_secondary" };
let sa: ServiceAccount;
let testEnv: Env;
let schoolSheet = "";
let countySheet = "";
/** What the school syncs sent to the recheck queue, not yet consumed. */
let recheckSent: RecheckMessage[] = [];

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

async function readTab(sheet: string, tab: string): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${sheet}/values/${range(tab)}`,
  );
  return got.values ?? [];
}

/** A cell by header text and sheet row (1-based), as a user sees it. */
async function cell(sheet: string, tab: string, header: string, row: number): Promise<string> {
  const values = await readTab(sheet, tab);
  const col = values[0]?.indexOf(header) ?? -1;
  return values[row - 1]?.[col] ?? "";
}

/** Header rows never change here; caching them keeps the test under the per-user read quota. */
const headers = new Map<string, string[]>();

async function writeCell(sheet: string, tab: string, header: string, row: number, value: unknown) {
  const key = `${sheet}/${tab}`;
  const known = headers.get(key) ?? (await readTab(sheet, tab))[0] ?? [];
  headers.set(key, known);
  const col = known.indexOf(header);
  expect(col).toBeGreaterThanOrEqual(0);
  await asUser(
    ADMIN,
    "PUT",
    `v4/spreadsheets/${sheet}/values/${range(tab, columnLetters(col) + row)}?valueInputOption=RAW`,
    { values: [[value]] },
  );
}

/** Rows of a county tab whose 记录编号 is `recordId`, as objects by header. */
async function countyRows(tab: string, recordId: string): Promise<Record<string, string>[]> {
  const [header = [], ...rows] = await readTab(countySheet, tab);
  return rows
    .filter((row) => row[header.indexOf("记录编号")] === recordId)
    .map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
}

/**
 * Every resident ID of the county consistent with a row: its birth date, its sex (odd 17th digit
 * for 男) and each visible character of a positional mask (`*` hides one). One answer means the
 * mask gave the ID away.
 */
function candidateIds(shown: string, birth: string, sex: string): string[] {
  const positional = shown.length === 18;
  const found: string[] = [];
  for (let serial = 0; serial < 1000; serial++) {
    const id = residentId(birth.replaceAll("-", ""), String(serial).padStart(3, "0"));
    if ((serial % 2 === 1) !== (sex === "男")) continue;
    if (positional && [...shown].some((ch, i) => ch !== "*" && ch !== id[i])) continue;
    found.push(id);
  }
  return found;
}

/** The sheet row (1-based) of the n-th county row of a record. */
async function countyRow(tab: string, recordId: string, nth = 0): Promise<number> {
  const [header = [], ...rows] = await readTab(countySheet, tab);
  const at = header.indexOf("记录编号");
  const found = rows.flatMap((row, i) => (row[at] === recordId ? [i + 2] : []));
  return found[nth] ?? -1;
}

/** The recheck consumer on what the school syncs sent, each message delivered `times` times. */
async function reconcile(times = 1) {
  const bodies = recheckSent.flatMap((body) => Array.from({ length: times }, () => body));
  recheckSent = [];
  return consumeRecheck(testEnv, bodies);
}

async function recordIdAt(tab: string, row: number) {
  return cell(schoolSheet, tab, "记录编号", row);
}

async function share(id: string, appProperties: Record<string, string>) {
  await asUser(ADMIN, "PATCH", `drive/v3/files/${id}`, { appProperties });
  await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: sa.client_email,
  });
}

/** One poll and the sync consumer on what it enqueued; nothing may be left to retry. */
async function settledCycle(): Promise<SyncMessage[]> {
  const { sent, retried } = await cycle(testEnv);
  expect(retried).toEqual([]);
  return sent;
}

beforeAll(async () => {
  sa = await registerServiceAccount("recheck");
  const recheckQueue = {
    send: async (body: RecheckMessage) => {
      recheckSent.push(body);
    },
  } as unknown as Queue<RecheckMessage>;
  testEnv = { ...envFor(sa), RECHECK_QUEUE: recheckQueue };
  const sections = templateFor(shippedTemplates, "primary_secondary");
  const created = await asUser<{ spreadsheetId: string }>(ADMIN, "POST", "v4/spreadsheets", {
    properties: { title: SCHOOL.name },
    sheets: sections.map((s) => ({ properties: { title: s.title } })),
  });
  schoolSheet = created.spreadsheetId;
  const tabs = validTabs();
  await asUser(ADMIN, "POST", `v4/spreadsheets/${schoolSheet}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: sections.map((s) => ({
      range: `'${s.title}'!A1`,
      values: sheetRows("primary_secondary", s.title, tabs[s.title] ?? []),
    })),
  });
  await share(schoolSheet, {
    tmisKind: "school",
    schoolCode: SCHOOL.code,
    schoolName: SCHOOL.name,
    schoolCategory: SCHOOL.category,
  });
  countySheet = await createCountySheet(ADMIN, sa.client_email);
  await settledCycle();
});

describe("the county recheck, end to end", () => {
  it("a ticked row is appended to its section's tab once, with the ID number masked", async () => {
    // The info admin's attack: full-width ＝ and a tab before =, hoping normalisation makes a
    // formula of them on the county's side.
    await writeCell(schoolSheet, "基本信息", "备注", 2, '＝HYPERLINK("http://x.example","点我")');
    await writeCell(schoolSheet, "基本信息", "校长审核", 2, true);
    await settledCycle();
    expect(await cell(schoolSheet, "基本信息", "审核状态", 2)).toBe("已审核待复核");
    expect(recheckSent).toHaveLength(1);
    const made = await requestsDuring(sa.client_email, async () => {
      const result = await reconcile(2);
      expect(result.retryMessages).toEqual([]);
    });
    expect(made).toEqual({
      "sheets.spreadsheets.values.batchGetByDataFilter": 1,
      "drive.files.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
    });
    const recordId = await recordIdAt("基本信息", 2);
    const rows = await countyRows("基本信息", recordId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      学校代码: SCHOOL.code,
      姓名: "张伟",
      复核状态: "待复核",
      备注: '＝HYPERLINK("http://x.example","点我")',
    });
    const shown = rows[0] ?? {};
    // A county reader rebuilds the ID from what the row shows: birth date, sex, the masked ID.
    expect(
      candidateIds(shown.身份证件号 ?? "", shown.出生日期 ?? "", shown.性别 ?? ""),
    ).not.toEqual([ID.zhang]);
    expect(shown.身份证件号).toMatch(/^参考码[0-9A-F]{8}$/);
    expect(JSON.stringify(await readTab(countySheet, "基本信息"))).not.toContain(ID.zhang);
    expect(await recheckItem(testEnv.DB, recordId)).toMatchObject({ state: "appended" });
  });

  it("a redelivered wake-up appends nothing, and our own write is not taken for an edit", async () => {
    recheckSent = [{ kind: "reconcile", from: "test" }];
    const made = await requestsDuring(sa.client_email, () => reconcile());
    expect(made).toEqual({});
    const sent = await settledCycle();
    expect(sent).toEqual([]);
  });

  it("复核通过 makes the school row effective", async () => {
    const recordId = await recordIdAt("基本信息", 2);
    const row = await countyRow("基本信息", recordId);
    await writeCell(countySheet, "基本信息", "复核通过", row, true);
    await settledCycle();
    expect(await cell(schoolSheet, "基本信息", "审核状态", 2)).toBe("已生效");
    expect(await cell(countySheet, "基本信息", "复核状态", row)).toBe("已通过");
    expect(await cell(countySheet, "基本信息", "同步时间", row)).not.toBe("");
    expect(await recheckItem(testEnv.DB, recordId)).toMatchObject({ state: "confirmed" });
  });

  it("退回 without a reason is refused on the row; with one, the school row is returned", async () => {
    await writeCell(schoolSheet, "基本信息", "校长审核", 3, true);
    await settledCycle();
    await reconcile();
    const recordId = await recordIdAt("基本信息", 3);
    const row = await countyRow("基本信息", recordId);
    await writeCell(countySheet, "基本信息", "退回", row, true);
    await settledCycle();
    expect(await cell(countySheet, "基本信息", "复核状态", row)).toBe(
      "勾选「退回」时请填写「退回原因」",
    );
    expect(await cell(schoolSheet, "基本信息", "审核状态", 3)).toBe("已审核待复核");

    await writeCell(countySheet, "基本信息", "退回原因", row, "出生日期与档案不符");
    await settledCycle();
    expect(await cell(countySheet, "基本信息", "复核状态", row)).toBe("已退回");
    expect(await cell(schoolSheet, "基本信息", "审核状态", 3)).toBe("已退回");
    expect(await cell(schoolSheet, "基本信息", "校验结果", 3)).toContain("出生日期与档案不符");
    expect(await cell(schoolSheet, "基本信息", "校长审核", 3)).toBe("FALSE");
  });

  it("a row the school edits after sending it shows 已撤回, and a tick on it is ignored", async () => {
    await writeCell(schoolSheet, "基本信息", "进本校年月", 3, "2015-09");
    await writeCell(schoolSheet, "基本信息", "校长审核", 3, true);
    await settledCycle();
    await reconcile();
    const recordId = await recordIdAt("基本信息", 3);
    const row = await countyRow("基本信息", recordId, 1);
    expect(await cell(countySheet, "基本信息", "复核状态", row)).toBe("待复核");
    await writeCell(schoolSheet, "基本信息", "进本校年月", 3, "2016-09");
    await settledCycle();
    expect(recheckSent).toHaveLength(1);
    await reconcile();
    expect(await cell(countySheet, "基本信息", "复核状态", row)).toBe("已撤回");
    await writeCell(countySheet, "基本信息", "复核通过", row, true);
    await settledCycle();
    expect(await cell(schoolSheet, "基本信息", "审核状态", 3)).toBe("已修改需重新审核");
  });

  it("a rejected change restores the effective values; an approved one takes effect", async () => {
    const recordId = await recordIdAt("基本信息", 2);
    await writeCell(schoolSheet, "基本信息", "进本校年月", 2, "2013-09");
    await settledCycle();
    await writeCell(schoolSheet, "基本信息", "校长审核", 2, true);
    await settledCycle();
    expect(await cell(schoolSheet, "基本信息", "审核状态", 2)).toBe("变更待审批");
    await reconcile();
    const [change] = await countyRows(CHANGE_APPROVAL_TITLE, recordId);
    expect(change).toMatchObject({
      标签页: "基本信息",
      姓名: "张伟",
      修改项: "进本校年月",
      原值: "2012-09",
      新值: "2013-09",
      复核状态: "待审批",
    });
    const row = await countyRow(CHANGE_APPROVAL_TITLE, recordId);
    await writeCell(countySheet, CHANGE_APPROVAL_TITLE, "驳回", row, true);
    await writeCell(countySheet, CHANGE_APPROVAL_TITLE, "驳回原因", row, "无调动文件");
    await settledCycle();
    expect(await cell(countySheet, CHANGE_APPROVAL_TITLE, "复核状态", row)).toBe("已驳回");
    expect(await cell(schoolSheet, "基本信息", "进本校年月", 2)).toBe("2012-09");
    expect(await cell(schoolSheet, "基本信息", "审核状态", 2)).toBe("已生效");

    // Another value: proposing the rejected one again right away reads as the restore not landed.
    await writeCell(schoolSheet, "基本信息", "进本校年月", 2, "2014-09");
    await settledCycle();
    await writeCell(schoolSheet, "基本信息", "校长审核", 2, true);
    await settledCycle();
    await reconcile();
    const second = await countyRow(CHANGE_APPROVAL_TITLE, recordId, 1);
    expect(second).toBeGreaterThan(row);
    await writeCell(countySheet, CHANGE_APPROVAL_TITLE, "批准", second, true);
    await settledCycle();
    expect(await cell(countySheet, CHANGE_APPROVAL_TITLE, "复核状态", second)).toBe("已批准");
    expect(await cell(schoolSheet, "基本信息", "进本校年月", 2)).toBe("2014-09");
    expect(await cell(schoolSheet, "基本信息", "审核状态", 2)).toBe("已生效");
  });
});
