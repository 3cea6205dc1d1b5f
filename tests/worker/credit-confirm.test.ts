/**
 * 学分确认 end to end, through the emulator as each person: a 国内培训 row added for an effective
 * teacher takes effect on the principal's tick, but its credits wait (待确认) until 教师进修学校
 * confirms them in the county sheet's 学分确认 tab; no other office can decide there; a change
 * to confirmed credits goes back to 教师进修学校; a return with a reason reaches the school's row.
 * The ledger (GET /api/credits, the school's 学分台账, the summary's 学分 table) follows, and the
 * credit log alone rebuilds what counts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { app } from "../../src/app";
import {
  CONFIRM_TITLE,
  CREDIT_REASON_NEEDED,
  PENDING_CREDIT_TEXT,
  returnedNote,
} from "../../src/core/credits/confirm";
import { buildLedger, type TeacherCredits } from "../../src/core/credits/ledger";
import { type CreditEvent, confirmedEntries } from "../../src/core/credits/log";
import { creditLedgerTab } from "../../src/core/provision/credits-tab";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedCountyConfig } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { creditsData, writeCreditTabs } from "../../src/jobs/credits";
import { makeEffective, rowsOf, writeRow } from "./support/business";
import { type RecordedCounty, recordedCounty, settleCounty } from "./support/county";
import { createProvisionedCountySheet } from "./support/county-sheet";
import { asUser, type ServiceAccount } from "./support/emulator";
import { asSheet, createSchoolSheet, person, smallTabs } from "./support/schools";

const ADMIN = "credit-confirm@hrjy.example.cn";
const PERSONNEL = "renshi@hrjy.example.cn";
const TRAINING = "jinxiu@hrjy.example.cn";
const LEADERSHIP = "lingdao@hrjy.example.cn";
const SCHOOL = {
  code: "4306230191",
  name: "华容县学分确认小学",
  category: "primary_secondary" as const,
};
const TEACHER = person(91);
const YEAR = 2016;

let sa: ServiceAccount;
let testEnv: Env;
let countySheet = "";
let schoolSheet = "";
let county: RecordedCounty;

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

/** Polls until the county sheet and the schools it woke are synced, then reconciles. */
const settle = () => settleCounty(county, { recheck: "reconcile", quiet: "nothing-run" });

async function countyRows(tab: string) {
  return rowsOf(ADMIN, countySheet, tab);
}

/** Writes one county cell by header, as `who` (RAW, as the browser would). */
async function writeCounty(who: string, tab: string, row: number, header: string, value: unknown) {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${countySheet}/values/${range(tab, "1:1")}`,
  );
  const col = got.values?.[0]?.indexOf(header) ?? -1;
  expect(col).toBeGreaterThanOrEqual(0);
  await asUser(
    who,
    "PUT",
    `v4/spreadsheets/${countySheet}/values/${range(tab, columnLetters(col) + row)}?valueInputOption=RAW`,
    { values: [[value]] },
  );
}

/** The sheet row (1-based) of the 学分确认 row of a record version. */
async function confirmRow(version: number): Promise<number> {
  const rows = await countyRows(CONFIRM_TITLE);
  const at = rows.findIndex((r) => r.记录编号 === recordId && r.版本 === String(version));
  expect(at).toBeGreaterThanOrEqual(0);
  return at + 2;
}

let recordId = "";

interface Confirmation {
  recordId: string;
  version: number;
  state: { kind: string; reason?: string };
  credits: string | number | null;
}

async function ledger(): Promise<{
  line: TeacherCredits;
  log: CreditEvent[];
  confirmations: Confirmation[];
}> {
  const res = await app.request(
    `/api/credits?year=${YEAR}`,
    { headers: { authorization: "Bearer test-admin-token" } },
    testEnv,
  );
  const body = (await res.json()) as {
    teachers: TeacherCredits[];
    log: CreditEvent[];
    confirmations: Confirmation[];
  };
  const line = body.teachers.find((t) => t.name === TEACHER.name);
  if (line === undefined) throw new Error("the teacher is not in the ledger");
  return { line, log: body.log, confirmations: body.confirmations };
}

async function trainingRow() {
  const [row] = await rowsOf(ADMIN, schoolSheet, "国内培训");
  return row ?? {};
}

beforeAll(async () => {
  county = await recordedCounty("credit-confirm");
  ({ sa, env: testEnv } = county);
  countySheet = await createProvisionedCountySheet(ADMIN, sa.client_email);
  const ledgerTab = creditLedgerTab(sa.client_email);
  schoolSheet = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, {
    ...asSheet({ ...smallTabs([TEACHER]), 国内培训: [] }),
    [ledgerTab.title]: [ledgerTab.columns.map((c) => c.header)],
  });
  await makeEffective(testEnv, ADMIN, SCHOOL, schoolSheet);
  await settle();
}, 240_000);

describe("学分确认: credits count once 教师进修学校 confirms them", () => {
  it("a row added for an effective teacher takes effect on the tick, its credits wait as 待确认", async () => {
    await writeRow(ADMIN, schoolSheet, "国内培训", 2, {
      姓名: TEACHER.name,
      身份证件号: TEACHER.id,
      培训年度: YEAR,
      培训类别: "国家级培训",
      培训项目名称: "国培计划（2016）",
      培训方式: "集中面授",
      培训获得学时: 60,
      培训获得学分: 6,
    });
    await settle();
    await writeRow(ADMIN, schoolSheet, "国内培训", 2, { 校长审核: true });
    await settle();
    const row = await trainingRow();
    expect(row.审核状态).toBe("已生效");
    recordId = row.记录编号 ?? "";

    const { line } = await ledger();
    expect(line).toMatchObject({ yearCredits: 0, pending: 6, returned: 0 });
    const [shown] = await countyRows(CONFIRM_TITLE);
    expect(shown).toMatchObject({
      记录编号: recordId,
      版本: "1",
      姓名: TEACHER.name,
      培训获得学分: "6",
      办理状态: PENDING_CREDIT_TEXT,
    });
    expect(JSON.stringify(shown)).not.toContain(TEACHER.id);
    // Visible in the school's 学分台账 and the summary's 学分 table as 待确认.
    await writeCreditTabs(testEnv.DB, googleFromEnv(testEnv), `${YEAR}-12-01`, new Date());
    const [, tab] = (
      await asUser<{ values?: string[][] }>(
        ADMIN,
        "GET",
        `v4/spreadsheets/${schoolSheet}/values/${range("学分台账")}`,
      )
    ).values ?? [[], []];
    expect(tab?.slice(1, 9)).toEqual([TEACHER.name, "0", "72", "0", "72", "72", "6", "0"]);
    const data = await creditsData(testEnv.DB, YEAR);
    expect(data.table.find((r) => r[0] === SCHOOL.code)?.at(-1)).toBe(6);
  });

  it("another county office cannot decide in 学分确认 (its own account, through the emulator)", async () => {
    const row = await confirmRow(1);
    for (const office of [PERSONNEL, LEADERSHIP])
      await expect(writeCounty(office, CONFIRM_TITLE, row, "决定", "确认")).rejects.toThrow(/403/);
    await settle();
    expect((await ledger()).line).toMatchObject({ yearCredits: 0, pending: 6 });
  });

  it("教师进修学校 confirms: the credits count, and the log says who and what", async () => {
    await writeCounty(TRAINING, CONFIRM_TITLE, await confirmRow(1), "决定", "确认");
    await settle();
    const { line, log } = await ledger();
    expect(line).toMatchObject({ yearCredits: 6, pending: 0 });
    expect(log.filter((e) => e.recordId === recordId)).toMatchObject([
      { kind: "confirmed", actor: "trainingSchool", version: 1, year: YEAR, after: 6 },
    ]);
    const [shown] = await countyRows(CONFIRM_TITLE);
    expect(shown?.办理状态).toBe("已确认，学分计入学分台账");
  });

  it("a change to confirmed credits goes back to 教师进修学校", async () => {
    await writeRow(ADMIN, schoolSheet, "国内培训", 2, { 培训获得学分: 8 });
    await settle();
    await writeRow(ADMIN, schoolSheet, "国内培训", 2, { 校长审核: true });
    await settle();
    const changes = await countyRows("变更审批");
    const at = changes.findIndex((r) => r.记录编号 === recordId);
    expect(at).toBeGreaterThanOrEqual(0);
    await writeCounty(LEADERSHIP, "变更审批", at + 2, "批准", true);
    await settle();
    expect((await trainingRow()).审核状态).toBe("已生效");
    expect((await ledger()).line).toMatchObject({ yearCredits: 0, pending: 8 });
    const rows = await countyRows(CONFIRM_TITLE);
    expect(rows.map((r) => [r.版本, r.培训获得学分, r.办理状态])).toEqual([
      ["1", "6", "已确认，学分计入学分台账"],
      ["2", "8", PENDING_CREDIT_TEXT],
    ]);
  });

  it("a return needs a reason, and goes back to the school's row with it", async () => {
    const row = await confirmRow(2);
    await writeCounty(TRAINING, CONFIRM_TITLE, row, "决定", "退回");
    await settle();
    expect((await countyRows(CONFIRM_TITLE))[1]?.办理状态).toBe(CREDIT_REASON_NEEDED);
    expect((await ledger()).line).toMatchObject({ pending: 8, returned: 0 });

    await writeCounty(TRAINING, CONFIRM_TITLE, row, "理由", "8学分超出该项目规定，请核对");
    await settle();
    expect((await countyRows(CONFIRM_TITLE))[1]?.办理状态).toBe(
      "已退回：8学分超出该项目规定，请核对",
    );
    expect((await trainingRow()).校验结果).toContain(returnedNote("8学分超出该项目规定，请核对"));
    const { line, log, confirmations } = await ledger();
    expect(line).toMatchObject({ yearCredits: 0, pending: 0, returned: 8 });
    // The export carries each version's confirmation state.
    expect(confirmations).toEqual([
      expect.objectContaining({ recordId, version: 1, state: { kind: "confirmed" }, credits: 6 }),
      expect.objectContaining({
        recordId,
        version: 2,
        state: { kind: "returned", reason: "8学分超出该项目规定，请核对" },
        credits: 8,
      }),
    ]);
    expect(log.at(-1)).toMatchObject({
      kind: "returned",
      version: 2,
      after: null,
      reason: "8学分超出该项目规定，请核对",
    });
    // The log alone rebuilds what counts.
    const rebuilt = buildLedger(
      [
        {
          teacherNumber: line.teacherNumber,
          name: line.name,
          schoolCode: line.schoolCode,
          newTeacher: false,
          started: "2000-09",
          leaves: null,
        },
      ],
      confirmedEntries(log),
      shippedCountyConfig.credits,
      YEAR,
    );
    expect(rebuilt[0]?.yearCredits).toBe(line.yearCredits);
  });
});
