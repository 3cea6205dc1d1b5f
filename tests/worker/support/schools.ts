import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { vi } from "vitest";
import { googleFromEnv } from "../../../src/adapters/google/index";
import { columnLetters } from "../../../src/core/sheets/a1";
import { BOUND_WORKER_TABS, encodeTabManifest } from "../../../src/core/sync/tab-manifest";
import { type SchoolCategory, templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import type { Cell } from "../../../src/core/validate";
import type { Env } from "../../../src/env";
import type { SyncMessage } from "../../../src/jobs/messages";
import { runScheduledPoll } from "../../../src/jobs/poll";
import worker from "../../../src/worker";
import { ID, residentId, sheetRows, validTabs } from "../../core/validate/fixture";
import { asUser, emulatorUrl } from "./emulator";

/**
 * School spreadsheets made through the emulator's REST API as administrators would, the worker's
 * cycles run as the cron and the queue would, and snapshots of sheets and registry to compare.
 */

export interface School {
  code: string;
  name: string;
  category: SchoolCategory;
}

/** An emulator control (`/__emulator/*`). */
export async function control<T = unknown>(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulatorUrl}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} /__emulator${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function cellData(value: Cell) {
  if (typeof value === "number") return { userEnteredValue: { numberValue: value } };
  if (typeof value === "boolean") return { userEnteredValue: { boolValue: value } };
  if (value === "" || value === null || value === undefined) return {};
  return { userEnteredValue: { stringValue: String(value) } };
}

/**
 * A school's spreadsheet with the given tabs (header row included), in one Sheets request
 * (create with grid data) and Drive requests (provisioning's appProperties, sharing with the
 * service account and with any `readers`).
 */
export async function createSchoolSheet(
  admin: string,
  serviceAccount: string,
  school: School,
  tabs: Record<string, Cell[][]>,
  readers: readonly string[] = [],
): Promise<string> {
  const created = await asUser<{
    spreadsheetId: string;
    sheets: { properties: { sheetId: number; title: string } }[];
  }>(admin, "POST", "v4/spreadsheets", {
    properties: { title: school.name },
    sheets: Object.entries(tabs).map(([title, rows]) => ({
      properties: {
        title,
        gridProperties: { rowCount: 1000, columnCount: Math.max(26, rows[0]?.length ?? 0) },
      },
      data: [
        { startRow: 0, startColumn: 0, rowData: rows.map((r) => ({ values: r.map(cellData) })) },
      ],
    })),
  });
  const id = created.spreadsheetId;
  await asUser(admin, "PATCH", `drive/v3/files/${id}`, {
    appProperties: {
      tmisKind: "school",
      schoolCode: school.code,
      schoolName: school.name,
      schoolCategory: school.category,
      ...tabManifest(school.category, created.sheets),
    },
  });
  await asUser(admin, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: serviceAccount,
  });
  // Tests read through other people, so their checks do not eat the admin's per-user quota.
  for (const reader of readers) {
    await asUser(admin, "POST", `drive/v3/files/${id}/permissions`, {
      role: "reader",
      type: "user",
      emailAddress: reader,
    });
  }
  return id;
}

/** The tab manifest provisioning records: each template tab's sheetId, by section key. */
function tabManifest(
  category: SchoolCategory,
  sheets: readonly { properties: { sheetId: number; title: string } }[],
): Record<string, string> {
  const idOf = new Map(sheets.map((s) => [s.properties.title, s.properties.sheetId]));
  const manifest = new Map<string, number>();
  for (const section of [...templateFor(shippedTemplates, category), ...BOUND_WORKER_TABS]) {
    const sheetId = idOf.get(section.title);
    if (sheetId !== undefined) manifest.set(section.key, sheetId);
  }
  return encodeTabManifest(manifest);
}

const SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平";

/** A distinct, valid person: name, resident ID (birth date from `n`) and sex matching it. */
export function person(n: number) {
  const birth = new Date(Date.UTC(1975, 0, 1) + n * 86_400_000 * 7);
  const ymd = birth.toISOString().slice(0, 10);
  const name = `${SURNAMES[n % 20]}${GIVEN[Math.floor(n / 20) % 20]}${GIVEN[(n * 7) % 20]}`;
  return { name, id: residentId(ymd.replaceAll("-", ""), "011"), birth: ymd, sex: "男" };
}

type Row = Record<string, Cell>;

/** Valid 基本信息 and 联系方式 rows for the given people (the fixture's 张伟, renamed). */
export function smallTabs(people: ReturnType<typeof person>[]): Record<string, Row[]> {
  const fixture = validTabs();
  const basic = fixture.基本信息?.find((r) => r.身份证件号 === ID.zhang) ?? {};
  const contact = fixture.联系方式?.find((r) => r.身份证件号 === ID.zhang) ?? {};
  return {
    基本信息: people.map((p) => ({
      ...basic,
      姓名: p.name,
      身份证件号: p.id,
      出生日期: p.birth,
      性别: p.sex,
    })),
    联系方式: people.map((p, i) => ({
      ...contact,
      姓名: p.name,
      身份证件号: p.id,
      移动电话: `1380730${String(1000 + i).padStart(4, "0")}`,
    })),
  };
}

/** Sheet rows (header first) for each tab of a school of `category`. */
export function asSheet(
  tabs: Record<string, Row[]>,
  category: SchoolCategory = "primary_secondary",
): Record<string, Cell[][]> {
  return Object.fromEntries(
    Object.entries(tabs).map(([title, rows]) => [title, sheetRows(category, title, rows)]),
  );
}

/** Every template tab title of a primary/secondary school, in template order. */
export const PRIMARY_TABS = templateFor(shippedTemplates, "primary_secondary").map((s) => s.title);

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

/**
 * Every tab's values as a user sees them (formatted), by tab title: one values.batchGet when the
 * titles are given, else a spreadsheets.get for them first.
 */
export async function readSheet(
  email: string,
  spreadsheetId: string,
  knownTitles?: readonly string[],
): Promise<Record<string, string[][]>> {
  let titles = knownTitles;
  if (!titles) {
    const meta = await asUser<{ sheets: { properties: { title: string } }[] }>(
      email,
      "GET",
      `v4/spreadsheets/${spreadsheetId}?fields=${encodeURIComponent("sheets.properties.title")}`,
    );
    titles = meta.sheets.map((s) => s.properties.title);
  }
  const query = titles.map((t) => `ranges=${range(t)}`).join("&");
  const got = await asUser<{ valueRanges: { values?: string[][] }[] }>(
    email,
    "GET",
    `v4/spreadsheets/${spreadsheetId}/values:batchGet?${query}`,
  );
  return Object.fromEntries(titles.map((t, i) => [t, got.valueRanges[i]?.values ?? []]));
}

/** The header row of a template tab, as `asSheet` writes it. */
export function headersOf(tab: string, category: SchoolCategory = "primary_secondary"): string[] {
  return sheetRows(category, tab, []).map((row) => row.map(String))[0] ?? [];
}

/** Header rows of the tabs a test put in the display order (display-order.ts), by spreadsheet. */
const displayed = new Map<string, ReadonlyMap<string, readonly string[]>>();

export function rememberHeaders(
  spreadsheetId: string,
  headers: ReadonlyMap<string, readonly string[]>,
): void {
  displayed.set(spreadsheetId, headers);
}

/** A tab's header row as the test sheet has it: the template's order unless moved. */
export function sheetHeadersOf(spreadsheetId: string, tab: string): readonly string[] {
  return displayed.get(spreadsheetId)?.get(tab) ?? headersOf(tab);
}

/**
 * Writes one cell, found by header text and a 1-based sheet row, as `email` (RAW): one Sheets
 * write, no read, since the tests' sheets have the template's column order or one they moved to.
 */
export async function writeCell(
  email: string,
  spreadsheetId: string,
  tab: string,
  header: string,
  row: number,
  value: Cell,
) {
  const col = sheetHeadersOf(spreadsheetId, tab).indexOf(header);
  if (col < 0) throw new Error(`no column ${header} on ${tab}`);
  await asUser(
    email,
    "PUT",
    `v4/spreadsheets/${spreadsheetId}/values/${range(tab, columnLetters(col) + row)}?valueInputOption=RAW`,
    { values: [[value]] },
  );
}

/** The sheet with the worker's 同步时间 cells blanked: they hold the clock, not the outcome. */
export function withoutClock(tabs: Record<string, string[][]>): Record<string, string[][]> {
  return Object.fromEntries(
    Object.entries(tabs).map(([title, rows]) => {
      const at = rows[0]?.indexOf("同步时间") ?? -1;
      return [
        title,
        at < 0 ? rows : rows.map((r, i) => (i === 0 ? r : r.map((c, j) => (j === at ? "" : c)))),
      ];
    }),
  );
}

/** One cron poll; the messages it would have enqueued. */
export async function poll(env: Env): Promise<SyncMessage[]> {
  const sent: SyncMessage[] = [];
  const queue = {
    send: async (body: SyncMessage) => {
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
      sent.push(...[...messages].map((m) => m.body));
    },
  } as unknown as Queue<SyncMessage>;
  await runScheduledPoll(env.DB, queue, googleFromEnv(env), new Date());
  return sent;
}

export interface Delivery {
  body: SyncMessage;
  attempts: number;
}

/** The queue consumer on one batch; the deliveries it asked to retry, attempts counted up. */
export async function consume(env: Env, deliveries: readonly Delivery[]) {
  const { acked, retried } = await consumeCounted(env, deliveries);
  return { acked, retried };
}

/**
 * `consume`, also counting the messages it deferred for quota (acked and sent again as a fresh
 * message: a redelivery too, for the fault tests).
 */
export async function consumeCounted(env: Env, deliveries: readonly Delivery[]) {
  const batch = createMessageBatch<SyncMessage>(
    "tmis-sync",
    deliveries.map((d, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      attempts: d.attempts,
      body: d.body,
    })),
  );
  const ctx = createExecutionContext();
  const log = vi.spyOn(console, "log");
  let deferred = 0;
  try {
    await worker.queue(batch, env);
    deferred = log.mock.calls.filter(([line]) =>
      String(line).includes("deferred_for_quota"),
    ).length;
  } finally {
    log.mockRestore();
  }
  const result = await getQueueResult(batch, ctx);
  const retried = result.retryMessages.map(({ msgId }: { msgId: string }) => {
    const d = deliveries[Number(msgId.slice(1))];
    if (!d) throw new Error(`unknown message ${msgId}`);
    return { body: d.body, attempts: d.attempts + 1 };
  });
  const acked = result.explicitAcks.length;
  if (acked + retried.length !== deliveries.length) {
    throw new Error(`consumer settled ${acked + retried.length} of ${deliveries.length} messages`);
  }
  return { acked, retried, deferred };
}

/**
 * `consumeCounted`, one message a batch: the syncs run one after another, so what they draw from
 * county-wide sequences (teacher numbers) comes out in the same order on every run, which a
 * batch's syncs running at once do not promise.
 */
export async function consumeEach(env: Env, deliveries: readonly Delivery[]) {
  const total = { acked: 0, retried: [] as Delivery[], deferred: 0 };
  for (const delivery of deliveries) {
    const one = await consumeCounted(env, [delivery]);
    total.acked += one.acked;
    total.retried.push(...one.retried);
    total.deferred += one.deferred;
  }
  return total;
}

/** One cron poll and the queue consumer on what it enqueued, as the cron and the queue would. */
export async function cycle(env: Env) {
  const sent = await poll(env);
  const settled = await consume(
    env,
    sent.map((body) => ({ body, attempts: 1 })),
  );
  return { sent, ...settled };
}

export interface QuietRun {
  /** Cycles run, the last one quiet (nothing listed as changed, nothing left to retry). */
  cycles: number;
  deliveries: number;
  retries: number;
  failedPolls: number;
}

/**
 * Cycles (poll, then the consumer on what it sent plus what the queue redelivers) until one finds
 * nothing to do; a poll that throws counts as a cycle that is not quiet, as the next cron runs.
 */
export async function untilQuiet(
  env: Env,
  maxCycles = 20,
  deliver: (
    env: Env,
    batch: readonly Delivery[],
  ) => ReturnType<typeof consumeCounted> = consumeCounted,
): Promise<QuietRun> {
  let pending: Delivery[] = [];
  const run: QuietRun = { cycles: 0, deliveries: 0, retries: 0, failedPolls: 0 };
  while (run.cycles < maxCycles) {
    run.cycles += 1;
    let sent: SyncMessage[] | undefined;
    try {
      sent = await poll(env);
    } catch {
      run.failedPolls += 1;
    }
    const batch = [...pending, ...(sent ?? []).map((body) => ({ body, attempts: 1 }))];
    if (sent !== undefined && batch.length === 0) return run;
    run.deliveries += batch.length;
    const settled = batch.length > 0 ? await deliver(env, batch) : { retried: [], deferred: 0 };
    pending = settled.retried;
    run.retries += pending.length + settled.deferred;
  }
  throw new Error(`not quiet after ${maxCycles} cycles: ${JSON.stringify(run)}`);
}

/**
 * The registry tables that hold outcomes, rows sorted, timestamps reduced to "set or not", random
 * material (password hashes, ID ciphers, event ids) left out, spreadsheet ids replaced by `names`.
 */
export async function registrySnapshot(
  db: D1Database,
  names: ReadonlyMap<string, string> = new Map(),
): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    schools: "SELECT * FROM schools",
    persons: "SELECT * FROM persons",
    person_schools: "SELECT * FROM person_schools",
    teachers: "SELECT * FROM teachers",
    counters: "SELECT * FROM counters",
    records: "SELECT * FROM records",
    record_versions: "SELECT * FROM record_versions",
    review_events: "SELECT * FROM review_events",
    recheck_items: "SELECT * FROM recheck_items",
    change_requests: "SELECT * FROM change_requests",
  };
  const random = new Set(["password_hash", "id_cipher", "id"]);
  const out: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(tables)) {
    const { results } = await db.prepare(sql).all<Record<string, unknown>>();
    out[table] = results
      .map((row) => {
        const kept: Record<string, unknown> = {};
        for (const [column, value] of Object.entries(row)) {
          if (random.has(column) && !(table === "change_requests" && column === "id")) continue;
          if (column.endsWith("_at") || column === "at")
            kept[column] = value === null ? null : "set";
          else kept[column] = typeof value === "string" ? (names.get(value) ?? value) : value;
        }
        let text = JSON.stringify(kept);
        for (const [from, to] of names) text = text.replaceAll(from, to);
        return text;
      })
      .sort();
  }
  return out;
}

/**
 * Empties the registry and sync state, so a second scripted run starts where the first did. The
 * append-only triggers are lifted for the wipe and put back as the migration wrote them. The
 * migrations' reference rows stay: `counters` (reset) and `business_states` (the request states).
 */
export async function wipeDatabase(db: D1Database): Promise<void> {
  const { results: tables } = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT IN ('d1_migrations', 'counters', 'business_states')",
    )
    .all<{ name: string }>();
  const { results: triggers } = await db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    .all<{ name: string; sql: string }>();
  await db.batch([
    db.prepare("PRAGMA defer_foreign_keys = ON"),
    ...triggers.map(({ name }) => db.prepare(`DROP TRIGGER "${name}"`)),
    ...tables.map(({ name }) => db.prepare(`DELETE FROM "${name}"`)),
    db.prepare("UPDATE counters SET value = 0"),
    ...triggers.map(({ sql }) => db.prepare(sql)),
  ]);
}

/**
 * Lifts the emulator's per-project Sheets quotas (300 a minute by default) and leaves the
 * per-user ones (60) alone. Every worker test file shares one emulator, so "the project" is an
 * artifact of the harness: heavy files running side by side would otherwise starve each other,
 * while each file's own identities still meet Google's per-user limits. Idempotent; only the
 * per-project fields are sent, so it never undoes another file's settings.
 */
export async function liftProjectQuotas(): Promise<void> {
  await control("POST", "/quotas", {
    sheetsRead: { perProject: 1_000_000 },
    sheetsWrite: { perProject: 1_000_000 },
  });
}
