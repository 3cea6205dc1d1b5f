/**
 * What a school's info admin can do to the sheet with Sheets' own tools, through the emulator as
 * that account: sort the data columns without 记录编号, copy and paste a whole row, duplicate a tab
 * and swap the copy in. Each must leave every record with its own person and nothing forged read.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getSpreadsheetState } from "../../src/adapters/store/sync-state";
import { columnLetters } from "../../src/core/sheets/a1";
import type { Env } from "../../src/env";
import { validTabs } from "../core/validate/fixture";
import { asUser, envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import { asSheet, createSchoolSheet, cycle, PRIMARY_TABS } from "./support/schools";

const ADMIN = "attack-admin@hrjy.example.cn";
const INFO_ADMIN = "attack-info@hrjy.example.cn";
const SCHOOL = {
  code: "4306230096",
  name: "华容县表格攻击测试小学",
  category: "primary_secondary" as const,
};

let sa: ServiceAccount;
let testEnv: Env;
let id = "";

const range = (a1: string) => encodeURIComponent(a1);

async function rows(tab: string): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${id}/values/${range(`'${tab}'`)}`,
  );
  return got.values ?? [];
}

async function tabs(): Promise<{ sheetId: number; title: string }[]> {
  const meta = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${id}`,
  );
  return meta.sheets.map((s) => s.properties);
}

async function asInfoAdmin(requests: unknown[]) {
  return asUser(INFO_ADMIN, "POST", `v4/spreadsheets/${id}:batchUpdate`, { requests });
}

/** ID number → 记录编号 on a tab, as the sheet shows them. */
async function idsByPerson(tab: string): Promise<Map<string, string>> {
  const [header = [], ...data] = await rows(tab);
  const person = header.indexOf("身份证件号");
  const record = header.indexOf("记录编号");
  return new Map(data.map((row) => [row[person] ?? "", row[record] ?? ""]));
}

beforeAll(async () => {
  sa = await registerServiceAccount("sheet-attacks");
  testEnv = envFor(sa);
  const all = Object.fromEntries(PRIMARY_TABS.map((t) => [t, validTabs()[t] ?? []]));
  id = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, asSheet(all));
  await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: INFO_ADMIN,
  });
  await cycle(testEnv);
});

describe("the info admin's own Sheets tools", () => {
  it("a sort of the data columns only gives every person their own record back", async () => {
    const before = await idsByPerson("基本信息");
    expect(new Set(before.values()).size).toBe(before.size);
    const [header = []] = await rows("基本信息");
    const sheetId = (await tabs()).find((t) => t.title === "基本信息")?.sheetId;
    await asInfoAdmin([
      {
        sortRange: {
          // The data columns only: 记录编号 and the other worker columns stay where they were.
          range: {
            sheetId,
            startRowIndex: 1,
            endRowIndex: before.size + 1,
            startColumnIndex: 0,
            endColumnIndex: header.indexOf("校长审核"),
          },
          sortSpecs: [{ dimensionIndex: 0, sortOrder: "DESCENDING" }],
        },
      },
    ]);
    expect(await idsByPerson("基本信息")).not.toEqual(before);
    await cycle(testEnv);
    expect(await idsByPerson("基本信息")).toEqual(before);
    const events = await env.DB.prepare(
      `SELECT kind FROM review_events WHERE record_id IN (SELECT value FROM json_each(?1))
         AND kind IN ('entered', 'row_removed', 'change_requested')`,
    )
      .bind(JSON.stringify([...before.values()]))
      .all<{ kind: string }>();
    // Only the first sync entered them; the sort neither removed nor re-entered anyone.
    expect(events.results.map((e) => e.kind)).toEqual([...before.values()].map(() => "entered"));
  });

  it("a copied and pasted row keeps no one else's record and is told it is a duplicate", async () => {
    const [header = [], ...data] = await rows("基本信息");
    const sheetId = (await tabs()).find((t) => t.title === "基本信息")?.sheetId;
    const source = { sheetId, startRowIndex: 1, endRowIndex: 2 };
    const pasted = data.length + 1;
    await asInfoAdmin([
      {
        copyPaste: {
          source,
          destination: { sheetId, startRowIndex: pasted, endRowIndex: pasted + 1 },
          pasteType: "PASTE_NORMAL",
        },
      },
    ]);
    await cycle(testEnv);
    const after = await rows("基本信息");
    const record = header.indexOf("记录编号");
    const original = after[1]?.[record];
    const copy = after[pasted]?.[record];
    expect(original).toBe(data[0]?.[record]);
    expect(copy).toMatch(/^R[0-9A-Z]{11}$/);
    expect(copy).not.toBe(original);
    const status = header.indexOf("审核状态");
    expect(after[pasted]?.[status]).toBe("待完善");
    // The original row is untouched by its copy: same record, same state.
    expect(after[1]?.[status]).toBe(data[0]?.[status]);
  });

  it("a duplicated tab swapped in under the original's name is never read", async () => {
    const all = await tabs();
    const original = all.find((t) => t.title === "联系方式")?.sheetId;
    await asInfoAdmin([
      {
        duplicateSheet: { sourceSheetId: original, newSheetId: 777, newSheetName: "联系方式 副本" },
      },
      {
        updateSheetProperties: {
          properties: { sheetId: original, title: "联系方式旧" },
          fields: "title",
        },
      },
      {
        updateSheetProperties: { properties: { sheetId: 777, title: "联系方式" }, fields: "title" },
      },
    ]);
    const [header = [], ...data] = await rows("联系方式");
    const tick = columnLetters(header.indexOf("校长审核"));
    await asUser(
      INFO_ADMIN,
      "PUT",
      `v4/spreadsheets/${id}/values/${range(`'联系方式'!${tick}2:${tick}${data.length + 1}`)}?valueInputOption=RAW`,
      { values: data.map(() => [true]) },
    );
    const forged = await rows("联系方式");
    await cycle(testEnv);
    expect(await rows("联系方式")).toEqual(forged);
    const queued = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM recheck_items WHERE school_code = ?",
    )
      .bind(SCHOOL.code)
      .first<{ n: number }>();
    expect(queued?.n).toBe(0);
    expect((await getSpreadsheetState(env.DB, id))?.tabProblems).toEqual([
      expect.objectContaining({ title: "联系方式", foundTitle: "联系方式旧" }),
    ]);
  });
});
