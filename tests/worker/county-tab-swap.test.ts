/**
 * Attack: an office account of the county recheck spreadsheet renames a tab and puts an
 * unprotected look-alike under its name, with decisions in columns only another office may
 * write (教师进修学校 "deciding" for 人事股). The worker reads every county tab by the sheetId
 * provisioning recorded: the look-alike is never read, nothing in it is decided, the county is
 * told (GET /api/county/tabs), and provisioning's repair makes the genuine tab read again.
 * One case per tab kind: a section recheck tab, 变更审批, 冲突处理, the three approval tabs and
 * 学分确认 (人事股 "confirming" credits only 教师进修学校 may confirm).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { applyTransition } from "../../src/adapters/store/business";
import { getSpreadsheetState } from "../../src/adapters/store/sync-state";
import type { BusinessKind } from "../../src/core/business/index";
import { columnLetters } from "../../src/core/sheets/a1";
import { recheckTabs } from "../../src/core/sync/county-tabs";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { makeEffective, writeRow } from "./support/business";
import { openDraft, type RecordedCounty, recordedCounty, settleCounty } from "./support/county";
import {
  consumeRecheck,
  countyTabProblems,
  createProvisionedCountySheet,
  provisioningRepair,
  tabsOf,
} from "./support/county-sheet";
import { asUser, type ServiceAccount } from "./support/emulator";
import { asSheet, createSchoolSheet, person, smallTabs } from "./support/schools";

const ADMIN = "county-swap@hrjy.example.cn";
const PERSONNEL = "renshi@hrjy.example.cn";
const TRAINING = "jinxiu@hrjy.example.cn";
const LEADERSHIP = "lingdao@hrjy.example.cn";
const A = { code: "4306230181", name: "华容县换表甲小学", category: "primary_secondary" as const };
const B = { code: "4306230182", name: "华容县换表乙小学", category: "primary_secondary" as const };
const C = { code: "4306230183", name: "华容县换表丙小学", category: "primary_secondary" as const };
const D = { code: "4306230184", name: "华容县换表丁小学", category: "primary_secondary" as const };
const MOVER = person(71);
const RETIREE = person(72);
const ROTATOR = person(73);
const STAY = person(74);
const EDITED = person(75);
const FRESH = [person(76), person(77)];

let sa: ServiceAccount;
let testEnv: Env;
let countySheet = "";
const sheets: Record<string, string> = {};
let county: RecordedCounty;

const range = (tab: string) => encodeURIComponent(`'${tab}'`);

async function values(tab: string): Promise<(string | boolean)[][]> {
  const got = await asUser<{ values?: (string | boolean)[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${countySheet}/values/${range(tab)}`,
  );
  return got.values ?? [];
}

const tabsNow = () => tabsOf(ADMIN, countySheet);

/** Polls until the county sheet and the schools it woke are synced, then reconciles. */
const settle = () => settleCounty(county, { recheck: "reconcile", quiet: "nothing-run" });

/** Every decision the registry holds from the county, by kind. */
async function decisions() {
  const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;
  return {
    recheck: await count(
      "SELECT COUNT(*) AS n FROM recheck_items WHERE state IN ('confirmed', 'returned')",
    ),
    change: await count("SELECT COUNT(*) AS n FROM change_requests WHERE state = 'approved'"),
    conflict: await count("SELECT COUNT(*) AS n FROM id_conflicts WHERE state = 'decided'"),
    business: await count("SELECT COUNT(*) AS n FROM business_events WHERE party = 'county'"),
    credits: await count(
      "SELECT COUNT(*) AS n FROM review_events WHERE kind IN ('credit_confirmed', 'credit_returned')",
    ),
  };
}

type Cells = Readonly<Record<string, string | boolean>>;

/** Every data row of `rows` with `cells` (header → value) put in. */
function withCells(rows: (string | boolean)[][], cells: Cells) {
  const headers = (rows[0] ?? []).map(String);
  for (const header of Object.keys(cells)) expect(headers).toContain(header);
  return rows.map((row, i) =>
    i === 0
      ? row
      : headers.map((h, col) => (h in cells ? (cells[h] as string | boolean) : (row[col] ?? ""))),
  );
}

/**
 * The attack as the office's own REST calls: rename the genuine tab, add a look-alike under its
 * title holding the genuine rows with the decision `cells` on every data row.
 */
async function swap(who: string, tab: string, cells: Cells) {
  const genuine = (await tabsNow()).find((s) => s.title === tab);
  const rows = await values(tab);
  expect(rows.length).toBeGreaterThan(1);
  await asUser(who, "POST", `v4/spreadsheets/${countySheet}:batchUpdate`, {
    requests: [
      {
        updateSheetProperties: {
          properties: { sheetId: genuine?.sheetId, title: `${tab}旧` },
          fields: "title",
        },
      },
      { addSheet: { properties: { title: tab } } },
    ],
  });
  const forged = withCells(rows, cells);
  await asUser(
    who,
    "PUT",
    `v4/spreadsheets/${countySheet}/values/${range(tab)}?valueInputOption=RAW`,
    { values: forged },
  );
  // As a user reads it back: a checkbox's true is TRUE.
  return forged.map((row) => row.map((cell) => (cell === true ? "TRUE" : cell)));
}

/** What the next `npm run provision` does to the file: the core's repair, from the manifest. */
const repair = () => provisioningRepair(ADMIN, countySheet, recheckTabs(shippedTemplates));

const recheckTabProblems = async () => (await countyTabProblems(testEnv, "recheck")) ?? [];

/** A request opened and confirmed by its school: 人事股's turn. */
async function submit(
  kind: BusinessKind,
  who: ReturnType<typeof person>,
  initiator: string,
  other: string | null,
) {
  const crypto = await idCryptoFromEnv(testEnv);
  const at = new Date().toISOString();
  const id = await openDraft(testEnv, kind, who, initiator, other, {
    actor: "info@hrjy.example.cn",
    at,
  });
  const confirmed = await applyTransition(env.DB, id, "confirm", "initiator", {
    actor: "head@hrjy.example.cn",
    reason: null,
    at,
    from: "draft",
    crypto,
  });
  expect(confirmed.ok).toBe(true);
  if (kind !== "rotation") return;
  // A rotation's 交流学校 agrees before 人事股 (its principal's tick on the worker's row).
  const agreed = await applyTransition(env.DB, id, "confirm", "counterpart", {
    actor: "head@hrjy.example.cn",
    reason: null,
    at,
    from: "exchange_review",
    crypto,
  });
  expect(agreed.ok).toBe(true);
}

/** Ticks 校长审核 on every data row of a school tab, as its principal would. */
async function tickAll(school: string, tab: string, rows: number) {
  for (let row = 2; row < rows + 2; row++)
    await writeRow(ADMIN, sheets[school] ?? "", tab, row, { 校长审核: true });
}

beforeAll(async () => {
  county = await recordedCounty("county-swap");
  ({ sa, env: testEnv } = county);
  countySheet = await createProvisionedCountySheet(ADMIN, sa.client_email);
  const create = (
    school: typeof A,
    people: ReturnType<typeof person>[],
    extra: Record<string, Record<string, string | number>[]> = {},
  ) =>
    createSchoolSheet(ADMIN, sa.client_email, school, asSheet({ ...smallTabs(people), ...extra }));
  // STAY's 国内培训 row is confirmed by 人事股's recheck below, not 教师进修学校's: its credits
  // wait in 学分确认.
  const training = {
    姓名: STAY.name,
    身份证件号: STAY.id,
    培训年度: 2016,
    培训类别: "国家级培训",
    培训项目名称: "国培计划（2016）",
    培训方式: "集中面授",
    培训获得学时: 60,
    培训获得学分: 6,
  };
  sheets.A = await create(A, [MOVER, RETIREE, ROTATOR, STAY], { 国内培训: [training] });
  sheets.B = await create(B, [EDITED]);
  await makeEffective(testEnv, ADMIN, A, sheets.A);
  await makeEffective(testEnv, ADMIN, B, sheets.B);
  await settle();
  // Waiting for 人事股: three requests, a recheck of C's new rows, a change of B's effective row.
  await submit("transfer", MOVER, B.code, A.code);
  await submit("status_change", RETIREE, A.code, null);
  await submit("rotation", ROTATOR, A.code, B.code);
  sheets.C = await create(C, FRESH);
  await settle();
  await tickAll("C", "基本信息", FRESH.length);
  await writeRow(ADMIN, sheets.B, "基本信息", 2, { 进本校年月: "2013-09" });
  await settle();
  await writeRow(ADMIN, sheets.B, "基本信息", 2, { 校长审核: true });
  // Waiting for 人事股 too: D enters A's teacher, an ID conflict.
  sheets.D = await create(D, [STAY]);
  await settle();
  await consumeRecheck(testEnv, [{ kind: "reconcile", from: "test" }]);
  await settle();
}, 240_000);

const CASES = [
  { tab: "基本信息", attacker: TRAINING, owner: PERSONNEL, cells: { 复核通过: true } },
  { tab: "变更审批", attacker: PERSONNEL, owner: LEADERSHIP, cells: { 批准: true } },
  {
    tab: "冲突处理",
    attacker: LEADERSHIP,
    owner: PERSONNEL,
    cells: { 归属学校代码: A.code, 裁定理由: "原单位在编" },
  },
  { tab: "调动审批", attacker: TRAINING, owner: PERSONNEL, cells: { 决定: "确认" } },
  { tab: "在职情况变动审批", attacker: LEADERSHIP, owner: PERSONNEL, cells: { 决定: "确认" } },
  { tab: "交流轮岗审批", attacker: TRAINING, owner: PERSONNEL, cells: { 决定: "确认" } },
  { tab: "学分确认", attacker: PERSONNEL, owner: TRAINING, cells: { 决定: "确认" } },
] as const;

describe("a county tab swapped for a look-alike by an office", () => {
  for (const { tab, attacker, owner, cells } of CASES) {
    it(`${tab}: nothing decided, reported, and read again once provisioning repaired it`, async () => {
      const before = await decisions();
      const forged = await swap(attacker, tab, cells);
      // Two rounds: the second sync must not bind the title afresh to the look-alike.
      await settle();
      await asUser(
        attacker,
        "PUT",
        `v4/spreadsheets/${countySheet}/values/${range(tab)}?valueInputOption=RAW`,
        { values: forged },
      );
      await settle();
      expect(await decisions()).toEqual(before);
      expect(await values(tab)).toEqual(forged);
      const state = await getSpreadsheetState(env.DB, countySheet);
      expect(state?.tabProblems).toEqual([
        expect.objectContaining({ title: tab, foundTitle: `${tab}旧` }),
      ]);
      expect(await recheckTabProblems()).toEqual([
        { tab, message: expect.stringContaining(`已被改名为「${tab}旧」`) },
      ]);

      await repair();
      await settle();
      expect(await recheckTabProblems()).toEqual([]);
      // The genuine tab is read again: its rightful office's decision counts.
      const headers = ((await values(tab))[0] ?? []).map(String);
      await asUser(owner, "POST", `v4/spreadsheets/${countySheet}/values:batchUpdate`, {
        valueInputOption: "RAW",
        data: Object.entries(cells).map(([header, value]) => ({
          range: `'${tab}'!${columnLetters(headers.indexOf(header))}2`,
          values: [[value]],
        })),
      });
      await settle();
      expect(await decisions()).not.toEqual(before);
    }, 120_000);
  }
});
