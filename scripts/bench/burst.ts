/**
 * Deadline day (issue 23): a county of N provisioned schools on the local stack with Google's
 * quotas on (60 reads and 60 writes a minute per user, 300 per project), the cron at its
 * production interval, and K schools typing at once: each edits one row every 60–90 s (seeded)
 * through googleapis as its info admin, then watches the row's 审核状态 by reading its sheet
 * until the status shows that edit's result. The wait from each edit to its status is measured,
 * for 1 and for several service accounts.
 *
 * - Setup, once: the county is provisioned (shared with every pool account), each school gets
 *   ROWS_PER_SCHOOL valid teachers, and the worker syncs them all (numbers issued) and runs one
 *   cron tick (credit tabs, summary, daily jobs) with quotas off, so the runs measure edits only.
 * - Per account count: the stack restarts on the same state with quotas on and the pool in
 *   GOOGLE_SERVICE_ACCOUNTS; the emulator counts the school accounts outside the project
 *   (`outsideProject`), as a school working in Google's web UI takes none of the worker's quota.
 * - Per K: the typing window, then a drain until every edit's result is on the sheet (or the
 *   drain's cap). An edit flips 民族 of one of the school's rows between 汉族 and an unknown
 *   value, so its result is 待完善 or 待审核; a row is edited again only once its last edit's
 *   result showed, so every result belongs to exactly one edit.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import type { School } from "../../src/core/templates/index";
import { basicRow, contactRow } from "../demo/people";
import type { StatsSnapshot } from "../emulator/stats";
import { startCron, workerEvent } from "../lib/cron";
import { clientsFor, type GoogleClients } from "../lib/emulator-clients";
import { typedRanges } from "../lib/school-sheet";
import { type ServiceAccountKeyFile, type Stack, startStack } from "../lib/stack";
import { provision } from "../provision/provision";
import type { Options } from "./args";
import {
  afterTickMs,
  type BurstRun,
  burstRuns,
  editTimes,
  typingSchools,
  waitFigures,
} from "./burst-plan";
import { columnLetter, person } from "./cycles";
import { pool, quoted } from "./emulator";
import { countySchools } from "./emulator-scale";
import { fixed, whole } from "./measure";
import { announce, type BenchResult, type Metric } from "./result";
import { seeded } from "./rng";

const ADMIN = "admin@hrjy.example.cn";
const BASIC = "基本信息";
const CONTACT = "联系方式";
const STATUS = "审核状态";
const ETHNIC = "民族";
const VALID = "汉族";
const INVALID = "火星族";
/** Rows a school can edit; a row waits for its last edit's result before it is edited again. */
const ROWS_PER_SCHOOL = 6;
/** Schools read at once by the watchers: a browser tab each, but one Node process here. */
const WATCH_LANES = 8;

interface SchoolSheet {
  readonly school: School;
  readonly spreadsheetId: string;
  /** The school's info admin: types the rows, watches 审核状态. */
  readonly email: string;
  readonly basicHeaders: readonly string[];
  /**
   * Each editable row as the school last typed it, across runs: a run that starts where the one
   * before left a row 待完善 must expect 待审核 from its next edit, not 待完善 again.
   */
  readonly rows: RowState[];
}

interface RowState {
  invalid: boolean;
  editedAt: number;
  /** The edit whose result has not shown yet: the row is not edited again until it has. */
  open: Edit | undefined;
}

interface Edit {
  readonly school: number;
  readonly row: number;
  readonly expected: string;
  /** When the write was answered (performance.now()). */
  readonly at: number;
  answeredAt?: number;
}

const infoEmail = (index: number) => `s${index}-info@hrjy.example.cn`;

async function emulatorJson<T>(stack: Stack, route: string, method = "GET", body?: unknown) {
  const res = await fetch(`${stack.emulatorUrl}/__emulator/${route}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`模拟器 ${method} /__emulator/${route}：HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The pool's extra accounts (the default one is the stack's own), registered once. */
async function registerPool(stack: Stack, extra: number): Promise<ServiceAccountKeyFile[]> {
  const keys: ServiceAccountKeyFile[] = [];
  for (let i = 2; i < extra + 2; i += 1)
    keys.push(
      await emulatorJson<ServiceAccountKeyFile>(stack, "service-accounts", "POST", {
        email: `tmis-sync-${i}@huarong-tmis.iam.gserviceaccount.com`,
      }),
    );
  return keys;
}

async function provisionCounty(
  stack: Stack,
  schools: readonly School[],
  pool: readonly ServiceAccountKeyFile[],
) {
  const admin = await clientsFor(stack.emulatorUrl, ADMIN);
  const entries = await provision({
    clients: admin,
    schools,
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: stack.serviceAccountKey.client_email,
    poolAccounts: pool.map((key) => key.client_email),
    onProgress: (_, index, total) => {
      if ((index + 1) % 50 === 0 || index + 1 === total)
        console.log(`  建表 ${index + 1}/${total}`);
    },
  });
  const made = entries.flatMap((entry) =>
    entry.kind === "school" && entry.school && entry.outcome.ok
      ? [{ school: entry.school, spreadsheetId: entry.outcome.spreadsheetId }]
      : [],
  );
  if (made.length !== schools.length)
    throw new Error(`建表 ${made.length}/${schools.length}：${JSON.stringify(entries[0])}`);
  return { admin, made };
}

/** The data columns of a tab (those before 校长审核, which info admins may type into). */
async function headersOf(admin: GoogleClients, spreadsheetId: string, tab: string) {
  const got = await admin.sheets.spreadsheets.values.get({
    spreadsheetId,
    range: `${quoted(tab)}!1:1`,
  });
  return (got.data.values?.[0] ?? []).map(String);
}

/** ROWS_PER_SCHOOL new teachers on 基本信息 and 联系方式 of every school, typed by the admin. */
async function typeTeachers(
  admin: GoogleClients,
  made: { school: School; spreadsheetId: string }[],
) {
  const byCategory = new Map<string, { basic: string[]; contact: string[] }>();
  const sheets: SchoolSheet[] = [];
  for (const [index, { school, spreadsheetId }] of made.entries()) {
    let headers = byCategory.get(school.category);
    if (headers === undefined) {
      headers = {
        basic: await headersOf(admin, spreadsheetId, BASIC),
        contact: await headersOf(admin, spreadsheetId, CONTACT),
      };
      byCategory.set(school.category, headers);
    }
    const people = Array.from({ length: ROWS_PER_SCHOOL }, (_, k) =>
      person(index * ROWS_PER_SCHOOL + k),
    );
    // Into the typed columns only: 审核状态 and 校验结果 sit among them, protected.
    await admin.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: "USER_ENTERED",
        data: [
          ...typedRanges(
            BASIC,
            headers.basic,
            2,
            people.map((p) => basicRow(p, school.category)),
          ),
          ...typedRanges(CONTACT, headers.contact, 2, people.map(contactRow)),
        ],
      },
    });
    const rows = Array.from({ length: ROWS_PER_SCHOOL }, () => ({
      invalid: false,
      editedAt: -1,
      open: undefined,
    }));
    sheets.push({
      school,
      spreadsheetId,
      email: infoEmail(index),
      basicHeaders: headers.basic,
      rows,
    });
  }
  return sheets;
}

/** 审核状态 of the school's rows, read as `reader` (row 0 = the sheet's row 2). */
async function statuses(reader: GoogleClients, sheet: SchoolSheet): Promise<string[]> {
  const got = await reader.sheets.spreadsheets.values.get({
    spreadsheetId: sheet.spreadsheetId,
    range: `${quoted(BASIC)}!A2:${columnLetter(sheet.basicHeaders.length - 1)}${1 + ROWS_PER_SCHOOL}`,
  });
  const at = sheet.basicHeaders.indexOf(STATUS);
  const rows = got.data.values ?? [];
  return Array.from({ length: ROWS_PER_SCHOOL }, (_, r) => String(rows[r]?.[at] ?? ""));
}

interface Setup {
  readonly stateDir: string;
  readonly pool: readonly ServiceAccountKeyFile[];
  readonly sheets: readonly SchoolSheet[];
}

/** Provisioning, teachers, their first sync and one full cron tick, with quotas off. */
async function setUp(options: Options, poolSize: number): Promise<Setup> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "tmis-bench-burst-"));
  const stack = await startStack({
    stateDir,
    quotas: { enabled: false },
    workerVars: { GOOGLE_REQUESTS_PER_MINUTE: "1000000" },
  });
  try {
    const started = performance.now();
    const pool = await registerPool(stack, poolSize - 1);
    const { admin, made } = await provisionCounty(
      stack,
      await countySchools(options.burstSchools),
      pool,
    );
    const sheets = await typeTeachers(admin, made);
    await syncQueued(stack, sheets.length);
    await fullTick(stack);
    for (const sheet of sheets) {
      const shown = await statuses(admin, sheet);
      if (shown.some((s) => s !== "待审核"))
        throw new Error(`${sheet.school.name} 录入后审核状态为 ${shown.join("/")}，应都为待审核`);
    }
    console.log(`  准备用时 setup ${fixed((performance.now() - started) / 1000)} s`);
    return { stateDir, pool, sheets };
  } finally {
    await stack.stop();
  }
}

/**
 * The first sync of every school through the queue (`POST /api/sync`, then its progress): inline
 * (`?wait=1`) it would hash every new teacher's password in one request, longer than an HTTP
 * client waits on a loaded machine.
 */
async function syncQueued(stack: Stack, schools: number): Promise<void> {
  const api = async <T>(route: string, method = "GET"): Promise<T> => {
    const res = await fetch(`${stack.workerUrl}/api/sync${route}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    if (!res.ok) throw new Error(`${method} /api/sync${route}：HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const cycle = await api<{ id: number; changed: number }>("", "POST");
  if (cycle.changed < schools)
    throw new Error(`首轮同步 ${cycle.changed} 个表格，应至少 ${schools} 个`);
  for (let waited = 0; waited < 1800; waited += 5) {
    const progress = await api<{ total: number; waiting: number }>(`/${cycle.id}`);
    if (progress.waiting === 0) return;
    if (waited % 60 === 0)
      console.log(`  首轮同步 first sync ${progress.total - progress.waiting}/${progress.total}`);
    await sleep(5000);
  }
  throw new Error("首轮同步 30 分钟内没有完成");
}

/** One scheduled run, waited for to its last step (credit tabs), so the runs start from quiet. */
async function fullTick(stack: Stack): Promise<void> {
  let credits = false;
  const unwatch = stack.watchWorkerLog((line) => {
    if (workerEvent(line)?.event === "credits") credits = true;
  });
  try {
    const query = new URLSearchParams({ cron: "*/2 * * * *", time: String(Date.now()) });
    const res = await fetch(`${stack.workerUrl}/cdn-cgi/handler/scheduled?${query}`);
    await res.text();
    for (let waited = 0; !credits && waited < 600; waited += 1) await sleep(1000);
    if (!credits) throw new Error("准备阶段的定时同步 10 分钟内没有完成");
  } finally {
    unwatch();
  }
}

interface RunFigures extends BurstRun {
  readonly edits: number;
  readonly skipped: number;
  readonly answeredMs: readonly number[];
  readonly unansweredMs: readonly number[];
  /** Answered edits' waits counted from the first tick after them (burst-plan `afterTickMs`). */
  readonly afterTickMs: readonly number[];
  readonly quota429: number;
  /** Of `quota429`, the worker's own (its service accounts'). */
  readonly worker429: number;
  readonly deferred: number;
  readonly workerReads: number;
  readonly workerWrites: number;
  readonly windowSeconds: number;
}

const SHEETS_READS =
  /^sheets\.spreadsheets\.(get|getByDataFilter|values\.(get|batchGet|batchGetByDataFilter))$/;

function workerRequests(stats: StatsSnapshot, emails: readonly string[]) {
  let reads = 0;
  let writes = 0;
  for (const email of emails)
    for (const [method, n] of Object.entries(stats.byIdentity[email]?.byMethod ?? {})) {
      if (method.startsWith("drive.")) continue;
      if (SHEETS_READS.test(method)) reads += n;
      else writes += n;
    }
  return { reads, writes };
}

/** K schools typing for the window, then watched until every edit's result showed. */
async function burst(
  stack: Stack,
  setup: Setup,
  run: BurstRun,
  options: Options,
  runIndex: number,
): Promise<RunFigures> {
  const rng = seeded(options.seed + runIndex);
  const windowMs = options.burstMinutes * 60_000;
  const typing = typingSchools(rng, setup.sheets.length, run.k);
  const times = editTimes(rng, typing.length, windowMs);
  const users = await Promise.all(
    typing.map((i) => clientsFor(stack.emulatorUrl, setup.sheets[i]?.email ?? "")),
  );
  const sheetOf = (slot: number) => setup.sheets[typing[slot] ?? 0] as SchoolSheet;
  const edits: Edit[] = [];
  let skipped = 0;
  let deferred = 0;
  const ticks: number[] = [];
  const unwatch = stack.watchWorkerLog((line) => {
    const event = workerEvent(line)?.event;
    if (event === "deferred_for_quota" || event === "tick_deferred_for_quota") deferred += 1;
    if (event === "poll") ticks.push(performance.now());
  });
  await emulatorJson(stack, "stats/reset", "POST");
  const start = performance.now();

  const type = async (slot: number) => {
    const sheet = sheetOf(slot);
    const letter = columnLetter(sheet.basicHeaders.indexOf(ETHNIC));
    for (const t of times[slot] ?? []) {
      await sleep(Math.max(0, start + t - performance.now()));
      // The least recently edited row whose last edit's result already showed.
      const row = sheet.rows
        .map((state, index) => ({ state, index }))
        .filter(({ state }) => state.open === undefined)
        .sort((x, y) => x.state.editedAt - y.state.editedAt)[0];
      if (row === undefined) {
        skipped += 1;
        continue;
      }
      const makeInvalid = !row.state.invalid;
      await users[slot]?.sheets.spreadsheets.values.update({
        spreadsheetId: sheet.spreadsheetId,
        range: `${quoted(BASIC)}!${letter}${row.index + 2}`,
        valueInputOption: "USER_ENTERED",
        requestBody: { values: [[makeInvalid ? INVALID : VALID]] },
      });
      const edit: Edit = {
        school: slot,
        row: row.index,
        expected: makeInvalid ? "待完善" : "待审核",
        at: performance.now(),
      };
      row.state.invalid = makeInvalid;
      row.state.editedAt = edit.at;
      row.state.open = edit;
      edits.push(edit);
    }
  };

  let typingDone = false;
  const watch = async (deadline: number) => {
    while (performance.now() < deadline) {
      const round = performance.now();
      const waiting = typing.flatMap((_, slot) =>
        sheetOf(slot).rows.some((row) => row.open !== undefined) ? [slot] : [],
      );
      if (typingDone && waiting.length === 0) return;
      await pool(waiting, WATCH_LANES, async (slot) => {
        const sheet = sheetOf(slot);
        const shown = await statuses(users[slot] as GoogleClients, sheet);
        const seenAt = performance.now();
        for (const [index, row] of sheet.rows.entries()) {
          if (row.open === undefined || shown[index] !== row.open.expected) continue;
          row.open.answeredAt = seenAt;
          row.open = undefined;
        }
      });
      await sleep(Math.max(0, round + options.burstPollSeconds * 1000 - performance.now()));
    }
  };

  const typists = Promise.all(typing.map((_, slot) => type(slot))).then(() => {
    typingDone = true;
  });
  const drainCap = start + windowMs + options.burstDrainMinutes * 60_000;
  await Promise.all([typists, watch(drainCap)]);
  const end = performance.now();
  unwatch();
  const stats = await emulatorJson<StatsSnapshot>(stack, "stats");
  const accounts = [
    stack.serviceAccountKey.client_email,
    ...setup.pool.map((key) => key.client_email),
  ];
  const requests = workerRequests(stats, accounts);
  return {
    ...run,
    edits: edits.length,
    skipped,
    answeredMs: edits.flatMap((e) => (e.answeredAt === undefined ? [] : [e.answeredAt - e.at])),
    unansweredMs: edits.flatMap((e) => (e.answeredAt === undefined ? [end - e.at] : [])),
    afterTickMs: afterTickMs(
      edits.flatMap((e) =>
        e.answeredAt === undefined ? [] : [{ at: e.at, answeredAt: e.answeredAt }],
      ),
      ticks,
    ),
    quota429: stats.rejected.quota,
    worker429: accounts.reduce(
      (sum, email) => sum + (stats.byIdentity[email]?.quotaRefused ?? 0),
      0,
    ),
    deferred,
    workerReads: requests.reads,
    workerWrites: requests.writes,
    windowSeconds: (end - start) / 1000,
  };
}

/** The stack on the setup's state with quotas on and `accounts` service accounts in the pool. */
function poolStack(setup: Setup, accounts: number): Promise<Stack> {
  const extra = setup.pool.slice(0, accounts - 1);
  return startStack({
    stateDir: setup.stateDir,
    quotas: { enabled: true, outsideProject: setup.sheets.map((s) => s.email) },
    workerSecrets: extra.length === 0 ? {} : { GOOGLE_SERVICE_ACCOUNTS: JSON.stringify(extra) },
  });
}

export async function benchBurst(options: Options): Promise<BenchResult> {
  const runs = burstRuns(options.burstAccounts, options.burstK, options.burstRuns);
  const poolSize = Math.max(...runs.map((r) => r.accounts));
  const setup = await setUp(options, poolSize);
  const figures: RunFigures[] = [];
  try {
    let stack: Stack | undefined;
    let cron: { stop(): Promise<void> } | undefined;
    let accounts = 0;
    try {
      for (const [index, run] of runs.entries()) {
        if (run.accounts !== accounts) {
          await cron?.stop();
          await stack?.stop();
          stack = await poolStack(setup, run.accounts);
          accounts = run.accounts;
          const tick = { seconds: options.burstTickSeconds, cron: "*/2 * * * *" } as const;
          const live = stack;
          cron = startCron({
            workerUrl: live.workerUrl,
            tick: { ...tick, from: "--tick" },
            watch: (listener) => live.watchWorkerLog(listener),
            print: (line) => console.log(`    ${line}`),
          });
        }
        console.log(`  ${run.accounts} 个服务账号 accounts, ${run.k} 校同时录入 schools typing`);
        const result = await burst(stack as Stack, setup, run, options, index);
        console.log(`  ${JSON.stringify(summaryOf(result, options))}`);
        figures.push(result);
      }
    } finally {
      await cron?.stop();
      await stack?.stop();
    }
  } finally {
    await rm(setup.stateDir, { recursive: true, force: true });
  }
  return report(figures, options);
}

function summaryOf(run: RunFigures, options: Options) {
  const w = waitFigures(run.answeredMs, run.unansweredMs, options.burstTickSeconds * 1000);
  const { answeredMs: _a, unansweredMs: _u, afterTickMs: after, ...rest } = run;
  const afterTick = waitFigures(after, [], options.burstTickSeconds * 1000);
  return {
    ...rest,
    ...w,
    afterTick: { p50: afterTick.p50, p95: afterTick.p95, max: afterTick.max },
  };
}

function report(figures: readonly RunFigures[], options: Options): BenchResult {
  const interval = options.burstTickSeconds * 1000;
  const s = (ms: number) => `${fixed(ms / 1000, 0)} s`;
  const metrics: Metric[] = figures.map((run) => {
    const w = waitFigures(run.answeredMs, run.unansweredMs, interval);
    const unanswered = w.unanswered > 0 ? `, 未见结果 unanswered ${whole(w.unanswered)} (≥)` : "";
    const after = waitFigures(run.afterTickMs, [], interval);
    return {
      label: `${run.accounts} 账号 account(s), ${run.k} 校录入 schools typing`,
      value: `p50 ${s(w.p50)}, p95 ${s(w.p95)}, 最长 max ${s(w.max)}; 定时同步之后 after the tick p50 ${s(after.p50)}, p95 ${s(after.p95)}, 最长 max ${s(after.max)}; 改动 edits ${whole(w.measured)}${unanswered}; 超过 over 1/2/3 周期 intervals ${w.overIntervals.join("/")}; 429 ${whole(run.quota429)}（Worker ${whole(run.worker429)}）; 推迟 deferred ${whole(run.deferred)}; Worker 读/写 reads/writes ${whole(run.workerReads)}/${whole(run.workerWrites)}${run.skipped > 0 ? `; 跳过 skipped ${whole(run.skipped)}` : ""}`,
    };
  });
  const numbers: Record<string, number> = {};
  for (const run of figures) {
    const w = waitFigures(run.answeredMs, run.unansweredMs, interval);
    const key = `a${run.accounts}k${run.k}`;
    Object.assign(numbers, {
      [`${key}P50Seconds`]: w.p50 / 1000,
      [`${key}P95Seconds`]: w.p95 / 1000,
      [`${key}MaxSeconds`]: w.max / 1000,
      [`${key}Edits`]: w.measured,
      [`${key}Unanswered`]: w.unanswered,
      [`${key}Quota429`]: run.quota429,
      [`${key}Deferred`]: run.deferred,
    });
  }
  return announce({
    title: `截止日 Deadline day (${whole(options.burstSchools)} 校 schools, 配额开 quotas on, 定时 cron ${whole(options.burstTickSeconds)} s, 录入 typing ${fixed(options.burstMinutes)} min, 每 ${fixed(options.burstPollSeconds, 0)} s 查看 polled)`,
    metrics,
    numbers,
  });
}
