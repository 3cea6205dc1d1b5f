/**
 * 人事股's side of the business flows: the county approval tabs (调动审批, 在职情况变动审批,
 * 交流轮岗审批) filled by the recheck consumer, decided by 人事股 in the sheet as provisioned
 * (real protections), applied through the business core. The requests are opened and confirmed
 * by their schools through the store here, so this file is about the county's steps only.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { applyTransition, requestById } from "../../src/adapters/store/business";
import type { BusinessKind } from "../../src/core/business/index";
import { PENDING_TEXT, REASON_NEEDED } from "../../src/core/recheck/approvals";
import { columnLetters } from "../../src/core/sheets/a1";
import type { Env } from "../../src/env";
import { makeEffective } from "./support/business";
import {
  openDraft,
  RECONCILE,
  type RecordedCounty,
  recordedCounty,
  settleCounty,
} from "./support/county";
import { consumeRecheck, createProvisionedCountySheet } from "./support/county-sheet";
import {
  asUser,
  requestsByFileDuring,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import {
  asSheet,
  consume,
  control,
  createSchoolSheet,
  cycle,
  person,
  poll,
  smallTabs,
} from "./support/schools";

const ADMIN = "shenpi-test@hrjy.example.cn";
const PERSONNEL = "renshi@hrjy.example.cn";
const TRAINING = "jinxiu@hrjy.example.cn";
const A = { code: "4306230081", name: "华容县审批甲小学", category: "primary_secondary" as const };
const B = { code: "4306230082", name: "华容县审批乙小学", category: "primary_secondary" as const };
/** A's principal, given edit access to the county spreadsheet by mistake. */
const A_HEAD = "4306230081-head@hrjy.example.cn";
const MOVER = person(61);
const RETIREE = person(62);
const ROTATOR = person(63);
const QUITTER = person(64);

let sa: ServiceAccount;
let testEnv: Env;
let countySheet = "";
let sheetA = "";
let sheetB = "";
let county: RecordedCounty;
const ids: Record<string, string> = {};

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

async function rows(tab: string): Promise<Record<string, string>[]> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${countySheet}/values/${range(tab)}`,
  );
  const [header = [], ...data] = got.values ?? [];
  return data.map((row, i) => ({
    ...Object.fromEntries(header.map((h, j) => [h, row[j] ?? ""])),
    row: String(i + 2),
  }));
}

async function rowOf(tab: string, id: string, step: string) {
  const found = (await rows(tab)).find((r) => r.申请编号 === id && r.步骤 === step);
  if (found === undefined) throw new Error(`no row ${id} ${step} in ${tab}`);
  return found;
}

/** `who` types into the 决定 and 理由 cells of a row (RAW, as in the sheet). */
async function decide(who: string, tab: string, row: string, decision: string, reason = "") {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${countySheet}/values/${range(tab, "1:1")}`,
  );
  const at = (got.values?.[0] ?? []).indexOf("决定");
  await asUser(
    who,
    "PUT",
    `v4/spreadsheets/${countySheet}/values/${range(tab, `${columnLetters(at)}${row}:${columnLetters(at + 1)}${row}`)}?valueInputOption=RAW`,
    { values: [[decision, reason]] },
  );
}

async function reconcile() {
  county.takeRecheck();
  return consumeRecheck(testEnv, [RECONCILE]);
}

/** Polls until the county sheet and the schools it woke are synced, then reconciles. */
const settle = () =>
  settleCounty(county, { recheck: "reconcile", quiet: "nothing-left", noRetries: true });

/** A request typed by `initiator` and confirmed by its principal: 人事股's turn. */
async function submit(
  kind: BusinessKind,
  who: ReturnType<typeof person>,
  initiator: string,
  other: string | null,
) {
  const id = await openDraft(testEnv, kind, who, initiator, other, {
    actor: `${initiator}-info@hrjy.example.cn`,
    at: new Date().toISOString(),
  });
  await step(id, "confirm", "initiator", "draft");
  // A rotation's 交流学校 agrees before 人事股 (its principal's tick on the worker's row).
  if (kind === "rotation") await step(id, "confirm", "counterpart", "exchange_review");
  return id;
}

async function step(
  id: string,
  action: "confirm" | "refuse" | "withdraw",
  party: "initiator" | "counterpart",
  from: "draft" | "county_review" | "counterpart_review" | "archive_review" | "exchange_review",
) {
  const outcome = await applyTransition(env.DB, id, action, party, {
    actor: `${party}@hrjy.example.cn`,
    reason: null,
    at: new Date().toISOString(),
    from,
    crypto: await idCryptoFromEnv(testEnv),
  });
  expect(outcome.ok).toBe(true);
}

async function stateOf(id: string) {
  return (await requestById(env.DB, id))?.state;
}

async function countyEvents(id: string) {
  const { results } = await env.DB.prepare(
    "SELECT action, from_state, reason FROM business_events WHERE request_id = ? AND party = 'county' ORDER BY id",
  )
    .bind(id)
    .all();
  return results;
}

beforeAll(async () => {
  county = await recordedCounty("approvals");
  ({ sa, env: testEnv } = county);
  countySheet = await createProvisionedCountySheet(ADMIN, sa.client_email);
  await asUser(ADMIN, "POST", `drive/v3/files/${countySheet}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: A_HEAD,
  });
  sheetA = await createSchoolSheet(
    ADMIN,
    sa.client_email,
    A,
    asSheet(smallTabs([MOVER, RETIREE, ROTATOR])),
  );
  sheetB = await createSchoolSheet(ADMIN, sa.client_email, B, asSheet(smallTabs([QUITTER])));
  // A transfer hands over the file as it stands in force: every record effective first.
  await makeEffective(testEnv, ADMIN, A, sheetA);
  await makeEffective(testEnv, ADMIN, B, sheetB);
  await settle();
  ids.transfer = await submit("transfer", MOVER, B.code, A.code);
  ids.retire = await submit("status_change", RETIREE, A.code, null);
  ids.rotation = await submit("rotation", ROTATOR, A.code, B.code);
  ids.quit = await submit("status_change", QUITTER, B.code, null);
}, 120_000);

describe("the approval tabs", () => {
  it("get one row per county step that reached 人事股, at one read and one write", async () => {
    const made = await requestsByFileDuring(sa.client_email, reconcile);
    expect(made[countySheet]).toEqual({
      "sheets.spreadsheets.values.batchGetByDataFilter": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "drive.files.get": 1,
    });
    const transfer = await rowOf("调动审批", ids.transfer ?? "", "下达调动");
    expect(transfer).toMatchObject({
      学校: `${B.name}（${B.code}）`,
      对方学校: `${A.name}（${A.code}）`,
      姓名: MOVER.name,
      调动日期: "2017-09-01",
      调动原因: "夫妻两地分居",
      办理状态: PENDING_TEXT,
      决定: "",
    });
    expect(transfer.参考码).toMatch(/^参考码[0-9A-F]{8}$/);
    expect(transfer.教师编号).not.toBe("");
    const retire = await rowOf("在职情况变动审批", ids.retire ?? "", "审批");
    expect(retire).toMatchObject({ 变动类型: "退休", 学校: `${A.name}（${A.code}）` });
    await rowOf("交流轮岗审批", ids.rotation ?? "", "审批");
    const everything = JSON.stringify([
      ...(await rows("调动审批")),
      ...(await rows("在职情况变动审批")),
      ...(await rows("交流轮岗审批")),
    ]);
    for (const p of [MOVER, RETIREE, ROTATOR, QUITTER]) expect(everything).not.toContain(p.id);
  });

  it("are not appended again, and an idle cycle costs one Drive listing", async () => {
    const before = (await rows("调动审批")).length;
    const made = await requestsDuring(sa.client_email, async () => {
      await reconcile();
      await cycle(testEnv);
    });
    expect(made).toEqual({ "drive.files.list": 1 });
    expect(await rows("调动审批")).toHaveLength(before);
  });

  it("let only 人事股 decide: another office and a school account are refused", async () => {
    const { row } = await rowOf("调动审批", ids.transfer ?? "", "下达调动");
    await expect(decide(A_HEAD, "调动审批", row ?? "", "确认")).rejects.toThrow(/403/);
    await expect(decide(TRAINING, "调动审批", row ?? "", "确认")).rejects.toThrow(/403/);
    await settle();
    expect(await stateOf(ids.transfer ?? "")).toBe("county_review");
  });
});

describe("人事股's decisions", () => {
  it("refuses 不同意 without a 理由 with a message in the row, then takes it with one", async () => {
    const { row } = await rowOf("在职情况变动审批", ids.quit ?? "", "审批");
    await decide(PERSONNEL, "在职情况变动审批", row ?? "", "不同意");
    await settle();
    expect((await rowOf("在职情况变动审批", ids.quit ?? "", "审批")).办理状态).toBe(REASON_NEEDED);
    expect(await stateOf(ids.quit ?? "")).toBe("county_review");
    await decide(PERSONNEL, "在职情况变动审批", row ?? "", "不同意", "离职手续不全");
    await settle();
    expect(await stateOf(ids.quit ?? "")).toBe("refused");
    expect((await rowOf("在职情况变动审批", ids.quit ?? "", "审批")).办理状态).toBe(
      "不同意：离职手续不全",
    );
    expect(await countyEvents(ids.quit ?? "")).toEqual([
      { action: "refuse", from_state: "county_review", reason: "离职手续不全" },
    ]);
  });

  it("approves a retirement and a rotation: both completed, recorded once", async () => {
    const retire = await rowOf("在职情况变动审批", ids.retire ?? "", "审批");
    await decide(PERSONNEL, "在职情况变动审批", retire.row ?? "", "确认");
    const rotation = await rowOf("交流轮岗审批", ids.rotation ?? "", "审批");
    await decide(PERSONNEL, "交流轮岗审批", rotation.row ?? "", "确认");
    // Both decisions in one cycle: one read and one write of the county spreadsheet.
    const made = await requestsByFileDuring(sa.client_email, () => cycle(testEnv));
    expect(made[countySheet]).toEqual({
      "sheets.spreadsheets.values.batchGetByDataFilter": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
    });
    await settle();
    // Redelivered after a lost acknowledgement: the county sheet's message runs again in full.
    const { version } = await asUser<{ version: string }>(
      ADMIN,
      "GET",
      `drive/v3/files/${countySheet}?fields=version`,
    );
    await env.DB.prepare("UPDATE spreadsheets SET synced_version = 0 WHERE spreadsheet_id = ?")
      .bind(countySheet)
      .run();
    await consume(testEnv, [
      {
        body: { kind: "recheck", spreadsheetId: countySheet, version: Number(version) },
        attempts: 2,
      },
    ]);
    expect(await stateOf(ids.retire ?? "")).toBe("completed");
    expect(await stateOf(ids.rotation ?? "")).toBe("completed");
    expect(await countyEvents(ids.retire ?? "")).toHaveLength(1);
    expect(await countyEvents(ids.rotation ?? "")).toHaveLength(1);
    // The office the 决定 column's protection guarantees, by its name: never a config key.
    const actor = await env.DB.prepare(
      "SELECT actor FROM business_events WHERE request_id = ? AND party = 'county'",
    )
      .bind(ids.retire ?? "")
      .first<{ actor: string }>();
    expect(actor?.actor).toBe("人事股");
    const status = await env.DB.prepare(
      "SELECT code, has_left FROM person_status WHERE request_id = ?",
    )
      .bind(ids.retire ?? "")
      .first();
    expect(status).toEqual({ code: "902", has_left: 1 });
    expect((await rowOf("在职情况变动审批", ids.retire ?? "", "审批")).办理状态).toBe(
      "已确认，已完成",
    );
  });

  it("takes a transfer through both county steps, the teacher ending at the receiving school", async () => {
    const issue = await rowOf("调动审批", ids.transfer ?? "", "下达调动");
    await decide(PERSONNEL, "调动审批", issue.row ?? "", "确认");
    // The schools' syncs that follow the decision fail in this cycle (each starts with a Drive
    // files.get, which the county sheet's own read does not need): the decision is recorded, the
    // schools are still owed their sync.
    await control("POST", "/faults", {
      errorRate: 1,
      statuses: [500],
      methods: ["drive.files.get"],
      identities: [sa.client_email],
    });
    const sent = await poll(testEnv);
    const { retried } = await consume(
      testEnv,
      sent.map((body) => ({ body, attempts: 1 })),
    );
    await control("POST", "/faults", {});
    expect(retried).toHaveLength(1);
    expect(await stateOf(ids.transfer ?? "")).toBe("counterpart_review");
    expect((await rowOf("调动审批", ids.transfer ?? "", "下达调动")).办理状态).toBe(PENDING_TEXT);
    // The recheck consumer shows the new status meanwhile, as it may: the sheet no longer tells.
    await reconcile();
    expect((await rowOf("调动审批", ids.transfer ?? "", "下达调动")).办理状态).not.toBe(
      PENDING_TEXT,
    );
    // The redelivery finishes the run: both schools synced again, the decision not taken twice.
    const made = await requestsByFileDuring(sa.client_email, () => consume(testEnv, retried));
    expect(Object.keys(made)).toEqual(expect.arrayContaining([sheetA, sheetB, countySheet]));
    expect(await countyEvents(ids.transfer ?? "")).toHaveLength(1);
    await settle();
    expect(await stateOf(ids.transfer ?? "")).toBe("counterpart_review");
    expect((await rowOf("调动审批", ids.transfer ?? "", "下达调动")).办理状态).toBe(
      "已确认；申请现在待调出学校确认",
    );
    // No row for 确认调出 before the sending school agreed.
    expect((await rows("调动审批")).filter((r) => r.步骤 === "确认调出")).toEqual([]);
    await step(ids.transfer ?? "", "confirm", "counterpart", "counterpart_review");
    await reconcile();
    const release = await rowOf("调动审批", ids.transfer ?? "", "确认调出");
    expect(release.办理状态).toBe(PENDING_TEXT);
    await decide(PERSONNEL, "调动审批", release.row ?? "", "确认");
    await settle();
    // 确认调出 hands over to the receiving school's 调档: nothing moves until its principal ticks.
    expect(await stateOf(ids.transfer ?? "")).toBe("archive_review");
    expect((await rowOf("调动审批", ids.transfer ?? "", "确认调出")).办理状态).toBe(
      "已确认；申请现在待调入学校调档",
    );
    await step(ids.transfer ?? "", "confirm", "initiator", "archive_review");
    await reconcile();
    expect(await stateOf(ids.transfer ?? "")).toBe("completed");
    const crypto = await idCryptoFromEnv(testEnv);
    const teacher = await env.DB.prepare("SELECT school_code FROM teachers WHERE person_key = ?")
      .bind(await crypto.personKey(MOVER.id))
      .first<{ school_code: string }>();
    expect(teacher?.school_code).toBe(B.code);
    expect((await rowOf("调动审批", ids.transfer ?? "", "确认调出")).办理状态).toBe(
      "已确认，已完成",
    );
  });

  it("reports a decision on a step that is no longer current, and never applies it", async () => {
    const late = await submit("status_change", QUITTER, B.code, null);
    await reconcile();
    const { row } = await rowOf("在职情况变动审批", late, "审批");
    await step(late, "withdraw", "initiator", "county_review");
    await decide(PERSONNEL, "在职情况变动审批", row ?? "", "确认");
    await settle();
    expect(await stateOf(late)).toBe("withdrawn");
    expect(await countyEvents(late)).toEqual([]);
    expect((await rowOf("在职情况变动审批", late, "审批")).办理状态).toMatch(
      /已撤回.*本行的决定未处理$/,
    );
  });

  it("refuses to change a decision already applied", async () => {
    const issue = await rowOf("调动审批", ids.transfer ?? "", "下达调动");
    await decide(PERSONNEL, "调动审批", issue.row ?? "", "不同意", "改主意");
    await settle();
    expect(await stateOf(ids.transfer ?? "")).toBe("completed");
    expect((await rowOf("调动审批", ids.transfer ?? "", "下达调动")).办理状态).toContain(
      "本步骤已确认，不能更改",
    );
  });
});
