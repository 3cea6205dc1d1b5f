/**
 * The runner's output: one markdown table for the terminal and, with --write, the figures
 * section of BENCHMARKS.md between two markers, with what a reader needs to judge the numbers
 * (command, date, Node, CPU, commit). Only the marked section is replaced: the prose around it
 * is written by hand and stays.
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import type { Options } from "./args";
import type { BenchResult } from "./result";

export const START = "<!-- bench:figures:start -->";
export const END = "<!-- bench:figures:end -->";

export interface RunInfo {
  readonly command: string;
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly commit: string;
  /** 1/5/15-minute load averages at the start: the machine may be shared, and it shows. */
  readonly load: string;
}

export function runInfo(argv: readonly string[]): RunInfo {
  const args = argv.join(" ");
  // Say it the way the reader will type it: through npm when npm started us.
  const command =
    process.env.npm_lifecycle_event === "bench"
      ? `npm run bench${args ? ` -- ${args}` : ""}`
      : `tsx scripts/bench/run.ts${args ? ` ${args}` : ""}`;
  const cpus = os.cpus();
  return {
    command,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    node: process.version,
    cpu: `${cpus[0]?.model.trim() ?? "unknown"} × ${cpus.length}`,
    commit: commitOf(),
    load: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" / "),
  };
}

/** The short hash, marked when the working tree differs from it (the figures are of the tree). */
function commitOf(): string {
  const git = (...args: string[]) =>
    execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    const hash = git("rev-parse", "--short", "HEAD");
    return git("status", "--porcelain") === ""
      ? hash
      : `${hash} (+ 未提交的改动 uncommitted changes)`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

/** Terminal columns of a string as biome's markdown formatter counts them (CJK = 2). */
function width(text: string): number {
  let n = 0;
  for (const char of text) {
    const c = char.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    n += wide ? 2 : 1;
  }
  return n;
}

/** A padded table, so the file stays as `biome format` would leave it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => width(row[i] ?? ""))));
  const line = (row: readonly string[]) =>
    `| ${widths.map((w, i) => (row[i] ?? "") + " ".repeat(w - width(row[i] ?? ""))).join(" | ")} |`;
  const [head = [], ...body] = cells;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

export function resultsTable(results: readonly BenchResult[]): string {
  const rows = results.flatMap((result) =>
    result.metrics.map((metric, i) => [i === 0 ? result.title : "", metric.label, metric.value]),
  );
  return markdownTable(["项目 Benchmark", "指标 Metric", "数值 Value"], rows);
}

export function figuresSection(
  info: RunInfo,
  options: Options,
  results: readonly BenchResult[],
): string {
  const sizes = [
    `seed=${options.seed}`,
    `invalid-rate=${options.invalidRate}`,
    `school-people=${options.schoolPeople}`,
    `county-schools=${options.countySchools}`,
    `school-repeats=${options.schoolRepeats}`,
    `county-passes=${options.countyPasses}`,
    `tab-rows=${options.tabRows}`,
    `read-runs=${options.readRuns}`,
    `write-runs=${options.writeRuns}`,
    `files=${options.files}`,
    `scale-schools=${options.scaleSchools}`,
    `scale-writes=${options.scaleWrites}`,
    `cycle-schools=${options.cycleSchools}`,
    `latency-schools=${options.latencySchools}`,
    `latency-runs=${options.latencyRuns}`,
    `loop-seconds=${options.loopLimitMs / 1000}`,
    `burst-schools=${options.burstSchools}`,
    `burst-k=${options.burstK.join(",")}`,
    `burst-accounts=${options.burstAccounts.join(",")}`,
    ...(options.burstRuns === undefined
      ? []
      : [`burst-runs=${options.burstRuns.map((r) => `${r.accounts}x${r.k}`).join(",")}`]),
    `burst-minutes=${options.burstMinutes}`,
    `burst-drain-minutes=${options.burstDrainMinutes}`,
    `burst-tick=${options.burstTickSeconds}`,
    `burst-poll=${options.burstPollSeconds}`,
  ].join(" ");
  return [
    `- 命令 Command: \`${info.command}\``,
    `- 日期 Date: ${info.date}`,
    `- Node: ${info.node}`,
    `- CPU: ${info.cpu}`,
    `- 提交 Commit: ${info.commit}`,
    `- 开始时负载 Load average at start (1/5/15 min): ${info.load}`,
    `- 参数 Sizes: \`${sizes}\``,
    "",
    resultsTable(results),
  ].join("\n");
}

/** Replaces what lies between the markers; refuses if they are missing rather than guess. */
export async function writeFigures(file: string, section: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`${file} 里找不到 ${START} … ${END}，没有写入 (markers missing, not written)`);
  const before = text.slice(0, start + START.length);
  await writeFile(file, `${before}\n\n${section}\n\n${text.slice(end)}`);
}
