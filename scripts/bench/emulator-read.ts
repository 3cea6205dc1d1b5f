/**
 * Benchmark 2: what one changed spreadsheet costs on the wire. The design reads a school with
 * one `values.batchGet` of all 14 tabs and writes every status cell with one
 * `values.batchUpdate`; this times both against the emulator and weighs the read's response.
 * Client and emulator share this process and its event loop, so the latency is an upper bound
 * of the emulator's own work plus googleapis' overhead, not a prediction of Google's latency.
 */
import { gzipSync } from "node:zlib";
import type { sheets_v4 } from "googleapis";
import { columnLetters } from "../../src/core/sheets/a1";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Cell } from "../../src/core/validate";
import { clientsFor } from "../lib/emulator-clients";
import type { Options } from "./args";
import { quoted, readStats, resetStats, withEmulator } from "./emulator";
import { fixed, sample, summarize, whole } from "./measure";
import { announce, type BenchResult } from "./result";
import { seeded } from "./rng";
import { CATEGORY, emptyTally, makeSchool } from "./synth";

const STATUS_HEADER = "审核状态";
const STATUS_CELLS = 300;
const READ = "sheets.spreadsheets.values.batchGet";
const WRITE = "sheets.spreadsheets.values.batchUpdate";

/** The synthetic school's 14 section tabs, `--tab-rows` rows each, under their header row. */
export function benchTabs(options: Options) {
  const sections = templateFor(shippedTemplates, CATEGORY).filter((s) => s.kind === "section");
  // One row a person on the one-per-person tabs, so tabRows people fill every tab.
  const school = makeSchool(
    { index: 0, people: options.tabRows, firstPerson: 0, invalidRate: options.invalidRate },
    seeded(options.seed),
    emptyTally(),
  );
  return sections.map((section) => {
    const [header = [], ...data] = (school.tabs[section.title] ?? []) as Cell[][];
    return { title: section.title, header, rows: [header, ...data.slice(0, options.tabRows)] };
  });
}

export type BenchTab = ReturnType<typeof benchTabs>[number];

/** Creates the benchmark spreadsheet with its tabs filled; returns its id. */
export async function createBenchSpreadsheet(
  sheets: sheets_v4.Sheets,
  tabs: readonly BenchTab[],
): Promise<string> {
  const created = await sheets.spreadsheets.create({
    requestBody: {
      properties: { title: "基准测试学校 bench school" },
      sheets: tabs.map((tab) => ({
        properties: {
          title: tab.title,
          gridProperties: {
            rowCount: tab.rows.length,
            columnCount: Math.max(26, tab.header.length),
            frozenRowCount: 1,
          },
        },
      })),
    },
    fields: "spreadsheetId",
  });
  const spreadsheetId = created.data.spreadsheetId;
  if (!spreadsheetId) throw new Error("spreadsheets.create 没有返回 spreadsheetId");
  await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: {
      valueInputOption: "RAW",
      data: tabs.map((tab) => ({ range: `${quoted(tab.title)}!A1`, values: tab.rows })),
    },
  });
  return spreadsheetId;
}

export async function benchEmulator(options: Options): Promise<BenchResult> {
  const tabs = benchTabs(options);
  return withEmulator(async (emulator) => {
    const { sheets } = await clientsFor(emulator.url, "bench-admin@huarong.example");
    const spreadsheetId = await createBenchSpreadsheet(sheets, tabs);
    const loadedRows = tabs.reduce((sum, tab) => sum + tab.rows.length - 1, 0);

    // The read the worker makes for a changed spreadsheet: all tabs, raw values, serial dates.
    const ranges = tabs.map((tab) => quoted(tab.title));
    let wireBytes = 0;
    let compactBytes = 0;
    // The emulator never compresses; Google gzips for googleapis, so estimate that size too.
    let gzipBytes = 0;
    let rowsRead = 0;
    await resetStats(emulator);
    const readTimes = await sample(
      { runs: options.readRuns, limitMs: options.loopLimitMs, warmup: 3 },
      async () => {
        const res = await sheets.spreadsheets.values.batchGet({
          spreadsheetId,
          ranges,
          valueRenderOption: "UNFORMATTED_VALUE",
          dateTimeRenderOption: "SERIAL_NUMBER",
        });
        wireBytes = contentLength(res.headers);
        compactBytes = Buffer.byteLength(JSON.stringify(res.data));
        if (gzipBytes === 0) gzipBytes = gzipSync(JSON.stringify(res.data)).length;
        rowsRead = (res.data.valueRanges ?? []).reduce((n, r) => n + (r.values?.length ?? 0), 0);
      },
    );
    const readStatsSnapshot = await readStats(emulator);
    if (rowsRead !== loadedRows + tabs.length)
      throw new Error(`batchGet 读回 ${rowsRead} 行，应为 ${loadedRows + tabs.length} 行`);

    // Status cells one range each: records move, so the worker addresses each row it found.
    const statusRanges = Array.from({ length: STATUS_CELLS }, (_, i) => {
      const tab = tabs[i % tabs.length];
      const column = tab?.header.indexOf(STATUS_HEADER) ?? -1;
      if (tab === undefined || column < 0)
        throw new Error(`${tab?.title} 没有“${STATUS_HEADER}”列`);
      const row = 2 + (Math.floor(i / tabs.length) % Math.max(1, tab.rows.length - 1));
      return `${quoted(tab.title)}!${columnLetters(column)}${row}`;
    });
    await resetStats(emulator);
    const writeTimes = await sample(
      { runs: options.writeRuns, limitMs: options.loopLimitMs, warmup: 2 },
      async (run) => {
        const status = run % 2 === 0 ? "可审核" : "退回：请核对身份证件号";
        await sheets.spreadsheets.values.batchUpdate({
          spreadsheetId,
          requestBody: {
            valueInputOption: "RAW",
            data: statusRanges.map((range) => ({ range, values: [[status]] })),
          },
        });
      },
    );
    const writeStatsSnapshot = await readStats(emulator);

    const read = summarize(readTimes.wall);
    const write = summarize(writeTimes.wall);
    // Warm-up calls are counted too; what matters is one request per call, no hidden extras.
    const readsPerCall = (readStatsSnapshot.byMethod[READ] ?? 0) / (read.n + 3);
    const writesPerCall = (writeStatsSnapshot.byMethod[WRITE] ?? 0) / (write.n + 2);
    return announce({
      title: `模拟器读写 Emulator read/write (${tabs.length} 标签页 tabs × ${whole(options.tabRows)} 行 rows)`,
      metrics: [
        { label: "batchGet 中位 median", value: `${fixed(read.median)} ms` },
        { label: "batchGet p95", value: `${fixed(read.p95)} ms (n=${read.n})` },
        {
          label: "batchGet 响应大小 response size",
          value: `${whole(wireBytes)} B 线上 on the wire; 紧凑 compact JSON ${whole(compactBytes)} B, gzip ${whole(gzipBytes)} B`,
        },
        { label: "每次读取请求数 requests per read", value: fixed(readsPerCall, 0) },
        {
          label: `batchUpdate ${STATUS_CELLS} 个状态格 status cells 中位 median`,
          value: `${fixed(write.median)} ms`,
        },
        {
          label: `batchUpdate ${STATUS_CELLS} 个状态格 status cells p95`,
          value: `${fixed(write.p95)} ms (n=${write.n})`,
        },
        { label: "每次写入请求数 requests per write", value: fixed(writesPerCall, 0) },
      ],
      numbers: {
        tabs: tabs.length,
        rowsPerTab: options.tabRows,
        readMedianMs: read.median,
        readP95Ms: read.p95,
        readRuns: read.n,
        responseWireBytes: wireBytes,
        responseCompactBytes: compactBytes,
        responseGzipBytes: gzipBytes,
        requestsPerRead: readsPerCall,
        writeMedianMs: write.median,
        writeP95Ms: write.p95,
        writeRuns: write.n,
        requestsPerWrite: writesPerCall,
      },
    });
  });
}

/**
 * googleapis' types say a header record, while gaxios 7 hands a Headers-like object (not always
 * the global class, so no instanceof): accept both.
 */
function contentLength(headers: unknown): number {
  const like = headers as { get?: unknown } | undefined;
  if (typeof like?.get === "function")
    return Number((like as { get(name: string): string | null }).get("content-length") ?? 0);
  const value = (headers as Record<string, unknown> | undefined)?.["content-length"];
  return Number(value ?? 0);
}
