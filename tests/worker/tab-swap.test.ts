/**
 * Attack: a school's info admin renames 联系方式 to 联系方式旧, adds a look-alike tab named
 * 联系方式 with every row's 校长审核 ticked (RAW), and waits for the sync. The look-alike has none
 * of the principal-only protection, so its ticks are the info admin's own. The worker reads tabs
 * by the sheetIds provisioning recorded: the look-alike is never read, nothing reaches the county
 * recheck, the genuine tab is not synced while renamed, and the school is told why in that tab.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getSpreadsheetState } from "../../src/adapters/store/sync-state";
import { app } from "../../src/app";
import { columnLetters } from "../../src/core/sheets/a1";
import type { Env } from "../../src/env";
import { validTabs } from "../core/validate/fixture";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { ADMIN, cellOf, createSchoolSheet } from "./support/school-sheet";
import { cycle, headersOf } from "./support/schools";

const SCHOOL = {
  code: "4306230098",
  name: "华容县换表测试小学",
  category: "primary_secondary" as const,
};
const INFO_ADMIN = "swap-info@hrjy.example.cn";
const FORGED_PHONE = "13900000000";

let sa: ServiceAccount;
let testEnv: Env;
let spreadsheetId = "";

interface SheetMeta {
  sheets: { properties: { sheetId: number; title: string } }[];
}

async function tabsNow(): Promise<SheetMeta["sheets"]> {
  const meta = await asUser<SheetMeta>(ADMIN, "GET", `v4/spreadsheets/${spreadsheetId}`);
  return meta.sheets;
}

async function contactRows(tab: string): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${spreadsheetId}/values/${encodeURIComponent(`'${tab}'`)}`,
  );
  return got.values ?? [];
}

/** The attack, step by step, as the info admin's own REST calls. */
async function swapContactTab(): Promise<void> {
  const genuine = (await tabsNow()).find((s) => s.properties.title === "联系方式");
  const rows = await contactRows("联系方式");
  const headers = rows[0] ?? [];
  await asUser(INFO_ADMIN, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    requests: [
      {
        updateSheetProperties: {
          properties: { sheetId: genuine?.properties.sheetId, title: "联系方式旧" },
          fields: "title",
        },
      },
      { addSheet: { properties: { title: "联系方式" } } },
    ],
  });
  const approval = headers.indexOf("校长审核");
  const phone = headers.indexOf("移动电话");
  const forged = rows.map((row, index) => {
    if (index === 0) return row;
    const copy = headers.map((_, col) => row[col] ?? "");
    copy[phone] = FORGED_PHONE;
    return copy.map((value, col) => (col === approval ? true : value));
  });
  const last = columnLetters(headers.length - 1);
  await asUser(
    INFO_ADMIN,
    "PUT",
    `v4/spreadsheets/${spreadsheetId}/values/${encodeURIComponent(`'联系方式'!A1:${last}${forged.length}`)}?valueInputOption=RAW`,
    { values: forged },
  );
}

beforeAll(async () => {
  sa = await registerServiceAccount("tab-swap");
  testEnv = envFor(sa);
  spreadsheetId = await createSchoolSheet(sa, SCHOOL, validTabs());
  await asUser(ADMIN, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: INFO_ADMIN,
  });
  await cycle(testEnv);
});

describe("a look-alike tab swapped in by the info admin", () => {
  it("is never read: no forged tick reaches the county, the genuine tab waits, the school is told", async () => {
    expect(await cellOf(spreadsheetId, "联系方式", "审核状态", 2)).toBe("待审核");
    await swapContactTab();
    const asForged = await contactRows("联系方式");
    await cycle(testEnv);

    const queued = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM recheck_items WHERE school_code = ?",
    )
      .bind(SCHOOL.code)
      .first<{ n: number }>();
    expect(queued?.n).toBe(0);
    const approved = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM records WHERE school_code = ? AND approved_hash IS NOT NULL",
    )
      .bind(SCHOOL.code)
      .first<{ n: number }>();
    expect(approved?.n).toBe(0);
    // The genuine tab's records stay as they were: a renamed tab is not "every row deleted".
    const removed = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM records WHERE school_code = ? AND removed_at IS NOT NULL",
    )
      .bind(SCHOOL.code)
      .first<{ n: number }>();
    expect(removed?.n).toBe(0);

    // The look-alike got nothing from the worker; the genuine tab carries the explanation.
    expect(await contactRows("联系方式")).toEqual(asForged);
    const genuine = (await tabsNow()).find((s) => s.properties.title === "联系方式旧");
    const note = await asUser<{
      sheets: { data: { rowData?: { values?: { note?: string }[] }[] }[] }[];
    }>(
      ADMIN,
      "GET",
      `v4/spreadsheets/${spreadsheetId}?ranges=${encodeURIComponent("'联系方式旧'!A1")}&includeGridData=true`,
    );
    expect(note.sheets[0]?.data[0]?.rowData?.[0]?.values?.[0]?.note).toContain(
      "已被改名为「联系方式旧」",
    );
    expect(genuine).toBeDefined();
    const state = await getSpreadsheetState(env.DB, spreadsheetId);
    expect(state?.tabProblems).toEqual([
      expect.objectContaining({ key: "contact", title: "联系方式", foundTitle: "联系方式旧" }),
    ]);
  });

  it("tells the school once: the next sync does not write the note again", async () => {
    await asUser(
      INFO_ADMIN,
      "PUT",
      `v4/spreadsheets/${spreadsheetId}/values/${encodeURIComponent("'基本信息'!A100")}?valueInputOption=RAW`,
      { values: [[""]] },
    );
    const made = await requestsDuring(sa.client_email, () => cycle(testEnv));
    expect(made["sheets.spreadsheets.batchUpdate"]).toBeUndefined();
    expect(made["sheets.spreadsheets.values.batchGetByDataFilter"]).toBe(1);
  });

  it("shows the county why the school's tab is not synced (admin API)", async () => {
    const res = await app.request(
      `/api/schools/${SCHOOL.code}`,
      { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } },
      env,
    );
    const body = (await res.json()) as {
      school: { tabProblems: { tab: string; message: string }[] };
    };
    expect(body.school.tabProblems).toEqual([
      { tab: "联系方式", message: expect.stringContaining("已被改名为「联系方式旧」") },
    ]);
  });

  it("headers of the genuine tab are untouched", async () => {
    expect((await contactRows("联系方式旧"))[0]).toEqual(headersOf("联系方式"));
  });
});
