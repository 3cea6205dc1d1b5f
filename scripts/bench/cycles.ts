/**
 * Issue 10's last two benchmarks, on the local stack (`npm start`'s: the emulator in this process,
 * the worker under `wrangler dev` with local D1), so the worker's own code does the syncing:
 *
 * - `cycles`: a county of N provisioned schools (default 200) and a twin of it, three poll cycles
 *   (idle, 10 schools changed, all changed) after a first cycle that enters three teachers per
 *   school. tmis-sync runs each cycle through `POST /api/sync` (the poll and every changed
 *   school's sync, inline); the peer, google-spreadsheet 5.2.0's row API as a typical developer
 *   uses it, reads every school of the twin with `loadInfo()` + `getRows()` per tab and saves each
 *   row that differs from what it saw last. The emulator counts both callers' requests by kind.
 * - `latency`: the time one changed school's sync takes (poll + sync, `POST /api/sync`), and from
 *   it the edit-to-审核状态 latency a school sees for cron intervals of 1, 2, 5 and 10 minutes.
 *
 * The worker's client-side limiter (55 requests a minute) is lifted with its test-only knob, so
 * wall time is the work; the quota is reported from the counted requests instead.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { GoogleSpreadsheet, type GoogleSpreadsheetRow } from "google-spreadsheet";
import { residentIdCheckDigit } from "../../src/core/normalise/index";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import type { School } from "../../src/core/templates/index";
import { basicRow, contactRow, type DemoPerson } from "../demo/people";
import type { StatsSnapshot } from "../emulator/stats";
import { clientsFor, type GoogleClients, tokenFor } from "../lib/emulator-clients";
import { typedRanges } from "../lib/school-sheet";
import { type Stack, startStack } from "../lib/stack";
import { provision } from "../provision/provision";
import type { Options } from "./args";
import { quoted } from "./emulator";
import { countySchools } from "./emulator-scale";
import { fixed, summarize, whole } from "./measure";
import { announce, type BenchResult, type Metric } from "./result";

const ADMIN = "admin@hrjy.example.cn";
/** The twin county's owner: its own Drive, so provisioning it finds nothing to reuse. */
const TWIN_ADMIN = "twin-admin@hrjy.example.cn";
const PEER = "row-api-peer@huarong-tmis.iam.gserviceaccount.com";
const BASIC = "基本信息";
const CONTACT = "联系方式";
const STATUS = "审核状态";
const ETHNIC = "民族";
const PEOPLE_PER_SCHOOL = 3;
const FEW_CHANGED = 10;
const PER_MINUTE = 60;
const CRON_MINUTES = [1, 2, 5, 10] as const;
/** wrangler.toml's max_batch_timeout of the sync queue: a lone message waits this long for its batch. */
const QUEUE_BATCH_TIMEOUT_S = syncQueueBatchTimeout(
  readFileSync(path.resolve(import.meta.dirname, "../../wrangler.toml"), "utf8"),
);

function syncQueueBatchTimeout(wranglerToml: string): number {
  const consumer = /queue = "tmis-sync"[^[]*?max_batch_timeout = (\d+)/.exec(wranglerToml);
  if (consumer === null) throw new Error("wrangler.toml: no max_batch_timeout for tmis-sync");
  return Number(consumer[1]);
}

const SHEETS_READS = new Set([
  "sheets.spreadsheets.get",
  "sheets.spreadsheets.getByDataFilter",
  "sheets.spreadsheets.values.get",
  "sheets.spreadsheets.values.batchGet",
  "sheets.spreadsheets.values.batchGetByDataFilter",
]);

interface Counted {
  readonly reads: number;
  readonly writes: number;
  readonly drive: number;
  readonly byMethod: Readonly<Record<string, number>>;
}

function countOf(stats: StatsSnapshot, email: string): Counted {
  const byMethod = stats.byIdentity[email]?.byMethod ?? {};
  let reads = 0;
  let writes = 0;
  let drive = 0;
  for (const [method, n] of Object.entries(byMethod)) {
    if (method.startsWith("drive.")) drive += n;
    else if (SHEETS_READS.has(method)) reads += n;
    else writes += n;
  }
  return { reads, writes, drive, byMethod };
}

/** Minutes of one user's Sheets quota: reads and writes are separate 60-a-minute buckets. */
const quotaMinutes = (c: Counted): number => Math.max(c.reads, c.writes) / PER_MINUTE;

/** A person with an ID number unique in the county (global index g), valid check digit. */
export function person(g: number): DemoPerson {
  const male = g % 2 === 1;
  const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(g / 400) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10);
  const serial = String(2 * (g % 400) + (male ? 1 : 0)).padStart(3, "0");
  const first17 = `430623${ymd.replaceAll("-", "")}${serial}`;
  return {
    name: `${male ? "李" : "王"}${"建国志强晓燕丽娟"[g % 8]}${"明芳"[g % 2]}`,
    sex: male ? "男" : "女",
    birth: ymd,
    idNumber: first17 + residentIdCheckDigit(first17),
    mobile: `13${String(g).padStart(9, "0")}`,
  };
}

interface County {
  readonly admin: GoogleClients;
  readonly schools: readonly { school: School; spreadsheetId: string }[];
  /** Schools whose three rows now hold the unknown 民族 (so show 待完善). */
  readonly invalid: Set<number>;
}

async function provisionCounty(
  url: string,
  email: string,
  serviceAccount: string,
  schools: readonly School[],
): Promise<County> {
  const admin = await clientsFor(url, email);
  const entries = await provision({
    clients: admin,
    schools,
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount,
    onProgress: (_, index, total) => {
      if ((index + 1) % 50 === 0 || index + 1 === total)
        console.log(`  建表 ${email} ${index + 1}/${total}`);
    },
  });
  const made = entries.flatMap((entry) =>
    entry.kind === "school" && entry.school && entry.outcome.ok
      ? [{ school: entry.school, spreadsheetId: entry.outcome.spreadsheetId }]
      : [],
  );
  if (made.length !== schools.length)
    throw new Error(`建表 ${made.length}/${schools.length}：${JSON.stringify(entries[0])}`);
  return { admin, schools: made, invalid: new Set() };
}

/** The header row of a tab; rows are typed into its data columns only (`typedRanges`). */
async function dataHeaders(county: County, index: number, tab: string): Promise<string[]> {
  const got = await county.admin.sheets.spreadsheets.values.get({
    spreadsheetId: county.schools[index]?.spreadsheetId ?? "",
    range: `${quoted(tab)}!1:1`,
  });
  return (got.data.values?.[0] ?? []).map(String);
}

interface Headers {
  readonly basic: readonly string[];
  readonly contact: readonly string[];
}

/** Each school category has its own template, so its own columns: read once per category. */
class HeaderCache {
  private readonly byCategory = new Map<string, Headers>();
  async of(county: County, index: number): Promise<Headers> {
    const category = county.schools[index]?.school.category ?? "";
    const cached = this.byCategory.get(category);
    if (cached) return cached;
    const headers = {
      basic: await dataHeaders(county, index, BASIC),
      contact: await dataHeaders(county, index, CONTACT),
    };
    this.byCategory.set(category, headers);
    return headers;
  }
}

/** Types the school's three teachers on 基本信息 and 联系方式, as an info admin would. */
async function typePeople(county: County, cache: HeaderCache, index: number) {
  const entry = county.schools[index];
  if (!entry) return;
  const headers = await cache.of(county, index);
  const people = Array.from({ length: PEOPLE_PER_SCHOOL }, (_, k) =>
    person(index * PEOPLE_PER_SCHOOL + k),
  );
  const basic = people.map((p) => basicRow(p, entry.school.category));
  const contact = people.map(contactRow);
  await county.admin.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: entry.spreadsheetId,
    requestBody: {
      valueInputOption: "USER_ENTERED",
      data: [
        ...typedRanges(BASIC, headers.basic, 2, basic),
        ...typedRanges(CONTACT, headers.contact, 2, contact),
      ],
    },
  });
}

/**
 * "A few rows edited": 民族 of the school's three rows flipped between a valid and an unknown
 * value, so every edit changes what the worker must show (审核状态 待审核 ⇄ 待完善, 校验结果).
 */
async function editRows(county: County, cache: HeaderCache, index: number) {
  const entry = county.schools[index];
  if (!entry) return;
  const headers = await cache.of(county, index);
  const letter = columnLetter(headers.basic.indexOf(ETHNIC));
  const invalid = !county.invalid.has(index);
  if (invalid) county.invalid.add(index);
  else county.invalid.delete(index);
  const value = invalid ? "火星族" : "汉族";
  await county.admin.sheets.spreadsheets.values.update({
    spreadsheetId: entry.spreadsheetId,
    range: `${quoted(BASIC)}!${letter}2:${letter}${1 + PEOPLE_PER_SCHOOL}`,
    valueInputOption: "USER_ENTERED",
    requestBody: { values: Array.from({ length: PEOPLE_PER_SCHOOL }, () => [value]) },
  });
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 审核状态, 校验结果 and 教师编号 of the school's three rows, as the worker left them. */
async function shown(county: County, index: number): Promise<string[][]> {
  const got = await county.admin.sheets.spreadsheets.values.get({
    spreadsheetId: county.schools[index]?.spreadsheetId ?? "",
    range: `${quoted(BASIC)}!1:${1 + PEOPLE_PER_SCHOOL}`,
  });
  const [head = [], ...rows] = got.data.values ?? [];
  const at = (h: string) => head.indexOf(h);
  return rows.map((row) => [STATUS, "校验结果", "教师编号"].map((h) => String(row[at(h)] ?? "")));
}

/** What the worker showed after the entry cycle: statuses, numbers, and why rows failed. */
async function tally(county: County) {
  const statuses: Record<string, number> = {};
  const failing: Record<string, string> = {};
  let numbered = 0;
  for (const [index, entry] of county.schools.entries()) {
    for (const [status = "", result = "", number = ""] of await shown(county, index)) {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (number !== "") numbered += 1;
      if (status !== "待审核")
        failing[`${entry.school.category}/${entry.school.schoolType}`] ??= result;
    }
  }
  return { statuses, numbered, failing };
}

async function emulatorControl(stack: Stack, route: string, method: string): Promise<Response> {
  const res = await fetch(`${stack.emulatorUrl}/__emulator/${route}`, { method });
  if (!res.ok) throw new Error(`模拟器 ${method} /__emulator/${route}：HTTP ${res.status}`);
  return res;
}
const resetStats = (stack: Stack) => emulatorControl(stack, "stats/reset", "POST");
const readStats = async (stack: Stack) =>
  (await (await emulatorControl(stack, "stats", "GET")).json()) as StatsSnapshot;

interface SyncReply {
  readonly listed: number;
  readonly changed: number;
}

/** One poll cycle of the worker, every changed school synced inline: `POST /api/sync?wait=1`. */
async function syncNow(stack: Stack): Promise<SyncReply> {
  const res = await fetch(`${stack.workerUrl}/api/sync?wait=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  if (!res.ok) throw new Error(`POST /api/sync：HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as SyncReply;
}

async function withStack<T>(fn: (stack: Stack) => Promise<T>): Promise<T> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "tmis-bench-stack-"));
  const stack = await startStack({
    stateDir,
    quotas: { enabled: false },
    // The client's test-only rate knob: the 55-a-minute limiter would make wall time the quota.
    workerVars: { GOOGLE_REQUESTS_PER_MINUTE: "1000000" },
  });
  try {
    return await fn(stack);
  } finally {
    await stack.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

/**
 * The row-API peer: per school, `loadInfo()` and `getRows()` on every tab; each row that differs
 * from what it saw last cycle gets its 审核状态 set and `save()`d, one request a row.
 */
class RowApiPeer {
  private readonly seen = new Map<string, string>();
  private constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  static async create(url: string): Promise<RowApiPeer> {
    return new RowApiPeer(url, await tokenFor(url, PEER));
  }

  async cycle(spreadsheetIds: readonly string[]): Promise<number> {
    let saved = 0;
    for (const id of spreadsheetIds) {
      const doc = new GoogleSpreadsheet(id, { token: this.token });
      // `sheetsApi` is typed readonly; replacing it is the library's only way to another host.
      Object.assign(doc, {
        sheetsApi: doc.sheetsApi.extend({ prefixUrl: `${this.url}/v4/spreadsheets/${id}` }),
      });
      await doc.loadInfo();
      for (const sheet of doc.sheetsByIndex) {
        let rows: GoogleSpreadsheetRow[];
        try {
          rows = await sheet.getRows();
        } catch {
          continue; // a tab without a header row: the request was made and counted all the same
        }
        if (!sheet.headerValues.includes(STATUS)) continue;
        for (const row of rows) {
          const key = `${id}\u0000${sheet.sheetId}\u0000${row.rowNumber}`;
          const before = this.seen.get(key);
          const now = rowKey(row);
          if (before === now) continue;
          row.set(STATUS, "待审核");
          await row.save();
          saved += 1;
          this.seen.set(key, rowKey(row));
        }
      }
    }
    return saved;
  }
}

const rowKey = (row: GoogleSpreadsheetRow): string =>
  JSON.stringify(Object.entries(row.toObject()).filter(([k]) => k !== STATUS));

interface CycleFigures {
  readonly name: string;
  readonly changedSchools: number;
  readonly ours: Counted;
  readonly oursSeconds: number;
  readonly peer: Counted;
  readonly peerSeconds: number;
  readonly peerSaves: number;
}

export async function benchCycles(options: Options): Promise<BenchResult> {
  const n = options.cycleSchools;
  const few = Math.min(FEW_CHANGED, n);
  const schools = await countySchools(n);
  return withStack(async (stack) => {
    const sa = stack.serviceAccountKey.client_email;
    const started = performance.now();
    const county = await provisionCounty(stack.emulatorUrl, ADMIN, sa, schools);
    await fetch(`${stack.emulatorUrl}/__emulator/service-accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: PEER }),
    });
    const twin = await provisionCounty(stack.emulatorUrl, TWIN_ADMIN, PEER, schools);
    console.log(`  建表用时 ${fixed((performance.now() - started) / 1000)} s`);
    const headers = new HeaderCache();
    const peer = await RowApiPeer.create(stack.emulatorUrl);
    const twinIds = twin.schools.map((s) => s.spreadsheetId);

    // Provisioning left every school unsynced: the worker's first sight of each, untimed.
    const first = await syncNow(stack);
    // The schools and the county recheck spreadsheet.
    if (first.changed < n) throw new Error(`首轮同步 ${first.changed} 个表格，应至少 ${n} 个`);

    const cycle = async (
      name: string,
      changedSchools: number,
      edit: (c: County, index: number) => Promise<void>,
    ): Promise<CycleFigures> => {
      for (let i = 0; i < changedSchools; i += 1) {
        await edit(county, i);
        await edit(twin, i);
      }
      await resetStats(stack);
      const t0 = performance.now();
      const reply = await syncNow(stack);
      const oursSeconds = (performance.now() - t0) / 1000;
      if (reply.changed !== changedSchools)
        throw new Error(
          `${name}：Worker 同步了 ${reply.changed} 个表格，应为 ${changedSchools} 个`,
        );
      const t1 = performance.now();
      const peerSaves = await peer.cycle(twinIds);
      const peerSeconds = (performance.now() - t1) / 1000;
      const stats = await readStats(stack);
      const figures = {
        name,
        changedSchools,
        ours: countOf(stats, sa),
        oursSeconds,
        peer: countOf(stats, PEER),
        peerSeconds,
        peerSaves,
      };
      console.log(`  ${name}: ${JSON.stringify(figures)}`);
      return figures;
    };

    // Three new teachers per school: the worker issues numbers (one account-spreadsheet write).
    const entered = await cycle("录入 enter 3 teachers/school", n, (c, i) =>
      typePeople(c, headers, i),
    );
    const afterEntry = await tally(county);
    console.log(`  录入后 after entry: ${JSON.stringify(afterEntry)}`);
    const idle = await cycle("空闲 idle", 0, async () => {});
    const someChanged = await cycle(`${few} 校改动 changed`, few, (c, i) =>
      editRows(c, headers, i),
    );
    const allChanged = await cycle(`${n} 校改动 changed`, n, (c, i) => editRows(c, headers, i));
    const cycles = [entered, idle, someChanged, allChanged];

    const kinds = (c: Counted) =>
      Object.entries(c.byMethod)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([m, k]) => `${m.replace(/^sheets\.spreadsheets\.|^drive\./, "")} ${whole(k)}`)
        .join(", ");
    const metrics: Metric[] = [
      {
        label: "录入后 after entry: 审核状态 of the typed 基本信息 rows",
        value: `${Object.entries(afterEntry.statuses)
          .map(([status, k]) => `${status} ${whole(k)}`)
          .join(", ")}; 教师编号 teacher numbers ${whole(afterEntry.numbered)}`,
      },
      ...cycles.flatMap((c) => [
        {
          label: `${c.name}: tmis-sync`,
          value: `读 reads ${whole(c.ours.reads)}, 写 writes ${whole(c.ours.writes)}, Drive ${whole(c.ours.drive)} (${kinds(c.ours)}); 配额 quota ${fixed(quotaMinutes(c.ours), 2)} min; 墙钟 wall ${fixed(c.oursSeconds, 2)} s`,
        },
        {
          label: `${c.name}: 行接口 row API`,
          value: `读 reads ${whole(c.peer.reads)}, 写 writes ${whole(c.peer.writes)}, Drive ${whole(c.peer.drive)} (${kinds(c.peer)}; ${whole(c.peerSaves)} row.save); 配额 quota ${fixed(quotaMinutes(c.peer), 2)} min; 墙钟 wall ${fixed(c.peerSeconds, 2)} s`,
        },
        {
          label: `${c.name}: 比值 ratio row API / tmis-sync`,
          value: `请求 requests ${ratio(total(c.peer), total(c.ours))}, 配额 quota ${ratio(quotaMinutes(c.peer), quotaMinutes(c.ours))}, 墙钟 wall ${ratio(c.peerSeconds, c.oursSeconds)}`,
        },
      ]),
    ];
    const numbers: Record<string, number> = { schools: n };
    for (const [k, c] of cycles.entries()) {
      numbers[`cycle${k}Changed`] = c.changedSchools;
      numbers[`cycle${k}OursReads`] = c.ours.reads;
      numbers[`cycle${k}OursWrites`] = c.ours.writes;
      numbers[`cycle${k}OursDrive`] = c.ours.drive;
      numbers[`cycle${k}OursSeconds`] = c.oursSeconds;
      numbers[`cycle${k}PeerReads`] = c.peer.reads;
      numbers[`cycle${k}PeerWrites`] = c.peer.writes;
      numbers[`cycle${k}PeerDrive`] = c.peer.drive;
      numbers[`cycle${k}PeerSeconds`] = c.peerSeconds;
    }
    return announce({
      title: `县级轮询周期 County cycles: tmis-sync vs google-spreadsheet 5.2.0 行接口 row API (${whole(n)} 校 schools, 本地栈 local stack)`,
      metrics,
      numbers,
    });
  });
}

const total = (c: Counted): number => c.reads + c.writes + c.drive;
const ratio = (a: number, b: number): string => (b === 0 ? "—" : `${fixed(a / b, 1)}×`);

/**
 * Edit → 审核状态: the wait for the next tick (uniform over the interval), the poll and the sync
 * (measured: `POST /api/sync` after one school's edit), and the queue's batch timeout (a lone
 * message is delivered when its batch times out; from wrangler.toml, not measured here).
 */
export async function benchLatency(options: Options): Promise<BenchResult> {
  const schools = await countySchools(options.latencySchools);
  return withStack(async (stack) => {
    const sa = stack.serviceAccountKey.client_email;
    const county = await provisionCounty(stack.emulatorUrl, ADMIN, sa, schools);
    const headers = new HeaderCache();
    for (let i = 0; i < schools.length; i += 1) await typePeople(county, headers, i);
    await syncNow(stack); // first sight and teacher numbers: not what an edit costs
    const idle: number[] = [];
    const changed: number[] = [];
    const started = performance.now();
    for (let run = 0; run < options.latencyRuns; run += 1) {
      if (run > 0 && performance.now() - started > options.loopLimitMs * 2) break;
      let t0 = performance.now();
      const quiet = await syncNow(stack);
      idle.push(performance.now() - t0);
      if (quiet.changed !== 0) throw new Error(`空闲轮询同步了 ${quiet.changed} 个表格`);
      await editRows(county, headers, run % schools.length);
      t0 = performance.now();
      const reply = await syncNow(stack);
      changed.push(performance.now() - t0);
      if (reply.changed !== 1) throw new Error(`改动后同步了 ${reply.changed} 个表格，应为 1 个`);
    }
    // The edit's status must really be on the sheet: the last edited school's first row.
    const lastIndex = (changed.length - 1) % schools.length;
    const last = county.schools[lastIndex];
    const got = await county.admin.sheets.spreadsheets.values.get({
      spreadsheetId: last?.spreadsheetId ?? "",
      range: `${quoted(BASIC)}!1:2`,
    });
    const [head = [], row = []] = got.data.values ?? [];
    const status = String(row[head.indexOf(STATUS)] ?? "");
    const expected = county.invalid.has(lastIndex) ? "待完善" : "待审核";
    if (status !== expected)
      throw new Error(`最后一次改动后审核状态为「${status}」，应为「${expected}」`);

    const p = summarize(changed);
    const q = summarize(idle);
    const queue = QUEUE_BATCH_TIMEOUT_S;
    const metrics: Metric[] = [
      {
        label: "空闲轮询 idle cycle (POST /api/sync, 1 Drive request)",
        value: `中位 median ${fixed(q.median)} ms, 最慢 max ${fixed(q.max)} ms (n=${q.n})`,
      },
      {
        label: "一校改动的轮询+同步 poll + one changed school's sync",
        value: `中位 median ${fixed(p.median)} ms, p95 ${fixed(p.p95)} ms, 最慢 max ${fixed(p.max)} ms (n=${p.n})`,
      },
      ...CRON_MINUTES.map((minutes) => ({
        label: `${minutes} 分钟 cron: 改动到审核状态 edit → 审核状态`,
        value: `中位 p50 ${fixed(minutes * 30 + queue + p.median / 1000)} s, 最坏 worst ${fixed(minutes * 60 + queue + p.max / 1000)} s; 空闲轮询 idle polls ${whole(1440 / minutes)}/天 day`,
      })),
    ];
    return announce({
      title: `改动到反馈延迟 Edit-to-feedback latency (${whole(schools.length)} 校 schools, 本地栈 local stack, 队列批超时 queue batch timeout ${queue} s)`,
      metrics,
      numbers: {
        idleMedianMs: q.median,
        idleMaxMs: q.max,
        syncMedianMs: p.median,
        syncP95Ms: p.p95,
        syncMaxMs: p.max,
        runs: p.n,
        ...Object.fromEntries(
          CRON_MINUTES.flatMap((m) => [
            [`p50Seconds${m}min`, m * 30 + queue + p.median / 1000],
            [`worstSeconds${m}min`, m * 60 + queue + p.max / 1000],
          ]),
        ),
      },
    });
  });
}
