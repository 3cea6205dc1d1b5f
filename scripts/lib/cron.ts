/**
 * `npm start`'s cron. `wrangler dev` never fires Cron Triggers by itself, so this ticks on the
 * schedule and has miniflare run the worker's real scheduled handler
 * (`/cdn-cgi/handler/scheduled`, which wrangler dev always serves and which answers with the
 * handler's outcome): the same poll, queue fan-out, county work, summary and credits production's
 * cron runs, the syncs done by the local queue consumer. Each tick is reported in one Chinese
 * line, read from the worker's own structured log lines — the handler and the consumer say what
 * they did there, in production as here, so no extra API and no extra Google request is needed.
 */
import type { Tick } from "./start-options";

export interface WorkerEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** One of the worker's `console.log(JSON.stringify({ event, … }))` lines, or undefined. */
export function workerEvent(line: string): WorkerEvent | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    const event = (value as { event?: unknown } | null)?.event;
    return typeof event === "string" ? (value as WorkerEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** What one tick did: counts only, never a name or a number of a person. */
export interface TickReport {
  readonly at: Date;
  /** Spreadsheets the poll found changed (schools, account sheets, the county recheck sheet). */
  readonly changed: number;
  readonly schoolsSynced: number;
  /** Syncs that failed or found their spreadsheet busy: the queue delivers them again. */
  readonly unfinished: number;
  /** buildSummary's status. */
  readonly summary: string | undefined;
  /** The scheduled handler threw, or the worker did not answer. */
  readonly error: boolean;
}

const SUMMARY_WORDS: Record<string, string> = {
  built: "汇总表已重建",
  unchanged: "汇总表无需重建",
  no_sheet: "还没有汇总表",
  no_tab: "汇总表缺少标签页（请重新运行 provision）",
};

export function tickLine(report: TickReport): string {
  const time = `[${report.at.toTimeString().slice(0, 8)}]`;
  if (report.error) return `${time} 定时同步出错，详见 worker.log`;
  const parts = [
    report.changed === 0
      ? "没有表格变化"
      : `${report.changed} 个表格有变化，同步了 ${report.schoolsSynced} 所学校`,
  ];
  if (report.unfinished > 0)
    parts.push(`${report.unfinished} 个表格未完成（稍后重试，详见 worker.log）`);
  const summary = report.summary === undefined ? undefined : SUMMARY_WORDS[report.summary];
  if (summary !== undefined) parts.push(summary);
  return `${time} 定时同步：${parts.join("，")}`;
}

export interface CronOptions {
  readonly workerUrl: string;
  readonly tick: Tick;
  /** Subscribes to the worker's output, line by line; returns the unsubscribe. */
  readonly watch: (listener: (line: string) => void) => () => void;
  readonly print: (line: string) => void;
}

export interface Cron {
  stop(): Promise<void>;
}

/**
 * Ticks at each multiple of the interval on the wall clock, as Cron Triggers do (every even
 * minute for `*\/2`). One tick at a time, so lines never interleave: a tick that overruns its
 * interval skips the boundary it missed, and the leases keep syncs apart either way.
 */
export function startCron(options: CronOptions): Cron {
  const period = options.tick.seconds * 1000;
  const stopping = new AbortController();
  const loop = (async () => {
    for (;;) {
      const at = (Math.floor(Date.now() / period) + 1) * period;
      if (!(await sleepUntil(at, stopping.signal))) return;
      const report = await runTick(options, new Date(at), at + period, stopping.signal);
      if (stopping.signal.aborted) return;
      options.print(tickLine(report));
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

/**
 * Runs the scheduled handler for `at`, then waits — until the next tick at most — for the
 * queue consumer to report on every school the poll sent it, so the line can say what was synced.
 */
async function runTick(
  options: CronOptions,
  at: Date,
  nextTick: number,
  signal: AbortSignal,
): Promise<TickReport> {
  const events: WorkerEvent[] = [];
  const unwatch = options.watch((line) => {
    const event = workerEvent(line);
    if (event !== undefined) events.push(event);
  });
  try {
    const ok = await runScheduled(options, at, signal);
    // wrangler prints the handler's lines on its own pipe, possibly after the handler's reply.
    if (ok) await sleepUntil(nextTick - 500, signal, () => tickDone(events));
    return reportOf(at, events, ok);
  } finally {
    unwatch();
  }
}

async function runScheduled(options: CronOptions, at: Date, signal: AbortSignal) {
  const query = new URLSearchParams({ cron: options.tick.cron, time: String(at.getTime()) });
  try {
    const res = await fetch(`${options.workerUrl}/cdn-cgi/handler/scheduled?${query}`, { signal });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

const DELIVERIES = new Set(["sync", "sync_failed"]);

function tickDone(events: readonly WorkerEvent[]): boolean {
  const poll = events.find((e) => e.event === "poll");
  if (poll === undefined || !events.some((e) => e.event === "summary")) return false;
  const schools = events.filter((e) => DELIVERIES.has(e.event) && e.kind === "school");
  return schools.length >= Number(poll.schools ?? 0);
}

function reportOf(at: Date, events: readonly WorkerEvent[], ok: boolean): TickReport {
  const deliveries = events.filter((e) => DELIVERIES.has(e.event));
  const synced = deliveries.filter(
    (e) => e.event === "sync" && e.kind === "school" && e.status === "synced",
  );
  const unfinished = deliveries.filter((e) => e.event === "sync_failed" || e.status === "busy");
  const summary = events.find((e) => e.event === "summary")?.status;
  return {
    at,
    changed: Number(events.find((e) => e.event === "poll")?.changed ?? 0),
    schoolsSynced: new Set(synced.map((e) => e.spreadsheetId)).size,
    unfinished: unfinished.length,
    summary: typeof summary === "string" ? summary : undefined,
    error: !ok,
  };
}

/**
 * Waits until `deadline` (epoch ms), or until `done` holds (checked every 200 ms). False when
 * told to stop first.
 */
async function sleepUntil(
  deadline: number,
  signal: AbortSignal,
  done: () => boolean = () => false,
): Promise<boolean> {
  while (!signal.aborted && !done() && Date.now() < deadline)
    await pause(Math.min(200, deadline - Date.now()), signal);
  return !signal.aborted;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", end);
      resolve();
    };
    const timer = setTimeout(end, ms);
    signal.addEventListener("abort", end, { once: true });
  });
}
