/**
 * Benchmark 4 (issue 10): the emulator holding a whole county. What `npm start` + `npm run
 * provision` do with a generated list of N schools, with the emulator in its own process on
 * default Node settings (as `npm run emulator` runs it), so its memory is measured alone:
 *
 * 1. provision every school spreadsheet plus the county's two through `provision()` (the
 *    provisioning CLI's own function), quotas off;
 * 2. the emulator's resident memory at rest (VmRSS, 2 s after the last request) and the size of
 *    its data directory;
 * 3. kill -9 the emulator (a crash, not a clean stop) and start it again on the same data
 *    directory: the time until it answers, which is process start plus loading every file (the
 *    start of the empty emulator, timed too, is the process-start part);
 * 4. single-range `values.update` calls on one school spreadsheet, as its owner: median and p95
 *    wall time, and the emulator's CPU time per write.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";
import { clientsFor } from "../lib/emulator-clients";
import { DEFAULT_ADMIN } from "../provision/args";
import { signIn } from "../provision/auth";
import { provision } from "../provision/provision";
import type { Options } from "./args";
import { fixed, sample, summarize, whole } from "./measure";
import { announce, type BenchResult } from "./result";
import { schoolCode, schoolName } from "./synth";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLES = path.join(ROOT, "sheet-templates/examples/huarong-schools.csv");
const WRITE_RANGE_ROW = 2;

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
}

/** `npm run emulator` as a child: its own heap, default Node flags, quotas off. */
function startEmulatorProcess(dataDir: string): Promise<Running> {
  const cli = path.join(ROOT, "scripts/emulator/cli.ts");
  const args = ["--import", "tsx", cli, "--port", "0", "--data", dataDir, "--no-quotas"];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    // The listener stays for the child's life: its later lines (on SIGTERM) need a reader.
    child.stdout?.on("data", (chunk) => {
      output += String(chunk);
      const url = /EMULATOR_URL=(\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url });
    });
    child.once("exit", (code) => reject(new Error(`模拟器退出 exited ${code}: ${output}`)));
  });
}

async function stop(running: Running, signal: NodeJS.Signals): Promise<void> {
  if (running.child.exitCode !== null) return;
  const exited = once(running.child, "exit");
  running.child.kill(signal);
  await exited;
}

/** Resident set size of another process, in MiB (Linux /proc). */
async function rssMiB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kib) throw new Error(`/proc/${pid}/status 里没有 VmRSS`);
  return Number(kib) / 1024;
}

/** CPU time (user + system) another process has used so far, in ms (Linux /proc, 100 Hz ticks). */
async function cpuMs(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function directoryMiB(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return bytes / 2 ** 20;
}

/**
 * N schools in the provisioning CLI's CSV format, parsed the way the CLI parses it: the example
 * county's 21 schools give the categories, types and townships in turn; codes, names and
 * accounts are made unique per school.
 */
export async function countySchools(count: number): Promise<readonly School[]> {
  const [header = "", ...examples] = (await readFile(EXAMPLES, "utf8")).trim().split("\n");
  const lines = Array.from({ length: count }, (_, i) => {
    const [, , category, type, township] = (examples[i % examples.length] ?? "").split(",");
    const who = (role: string) => `s${i}-${role}@hrjy.example.cn`;
    const accounts = ["admin", "info", "head", "view"].map(who);
    return [schoolCode(i), schoolName(i), category, type, township, ...accounts].join(",");
  });
  const parsed = parseSchoolsCsv([header, ...lines].join("\n"), shippedTemplates.codeTables);
  if (!parsed.ok) throw new Error(`生成的学校名单无效: ${JSON.stringify(parsed.issues[0])}`);
  return parsed.value;
}

async function registerServiceAccount(url: string): Promise<string> {
  const res = await fetch(`${url}/__emulator/service-accounts`, { method: "POST", body: "{}" });
  if (!res.ok) throw new Error(`注册服务账号失败: HTTP ${res.status}`);
  return String(((await res.json()) as { client_email: string }).client_email);
}

async function provisionCounty(url: string, schools: readonly School[]) {
  const entries = await provision({
    clients: await signIn({ kind: "emulator", endpoint: url, email: DEFAULT_ADMIN }),
    schools,
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: await registerServiceAccount(url),
    onProgress: (_, index, total) => {
      if ((index + 1) % 50 === 0 || index + 1 === total)
        console.log(`  建表 ${index + 1}/${total}`);
    },
  });
  const failed = entries.find((entry) => !entry.outcome.ok);
  if (failed) throw new Error(`建表失败 ${failed.name}: ${JSON.stringify(failed.outcome)}`);
  const first = entries.find((entry) => entry.kind === "school")?.outcome;
  if (!first?.ok) throw new Error("没有建出学校表格");
  return first.spreadsheetId;
}

/**
 * One row of the spreadsheet's first tab, written as its owner, `--scale-writes` times. Wall
 * time is what a client sees; the emulator's own CPU time per write is reported beside it,
 * because on a shared 2-core machine wall time also holds the wait for a core.
 */
async function timeWrites(emulator: Running, spreadsheetId: string, options: Options) {
  const { sheets } = await clientsFor(emulator.url, DEFAULT_ADMIN);
  const info = await sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties.title" });
  const title = info.data.sheets?.[0]?.properties?.title ?? "";
  const range = `'${title.replaceAll("'", "''")}'!A${WRITE_RANGE_ROW}:C${WRITE_RANGE_ROW}`;
  const write = (run: number) =>
    sheets.spreadsheets.values.update({
      spreadsheetId,
      range,
      valueInputOption: "RAW",
      requestBody: { values: [[`写入 ${run}`, run, run % 2 === 0]] },
    });
  for (let run = -3; run < 0; run += 1) await write(run);
  const cpuBefore = await cpuMs(emulator.child.pid);
  const samples = await sample({ runs: options.scaleWrites, limitMs: options.loopLimitMs }, write);
  const wall = summarize(samples.wall);
  return { wall, cpuPerWriteMs: ((await cpuMs(emulator.child.pid)) - cpuBefore) / wall.n };
}

export async function benchScale(options: Options): Promise<BenchResult> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tmis-bench-scale-"));
  const schools = await countySchools(options.scaleSchools);
  const emptyStart = performance.now();
  let running = await startEmulatorProcess(dataDir);
  const emptySeconds = (performance.now() - emptyStart) / 1000;
  try {
    const emptyMiB = await rssMiB(running.child.pid);
    const provisionStart = performance.now();
    const spreadsheetId = await provisionCounty(running.url, schools);
    const provisionSeconds = (performance.now() - provisionStart) / 1000;
    await sleep(2000);
    const restMiB = await rssMiB(running.child.pid);
    const diskMiB = await directoryMiB(dataDir);
    await stop(running, "SIGKILL");
    const restartStart = performance.now();
    running = await startEmulatorProcess(dataDir);
    const restartSeconds = (performance.now() - restartStart) / 1000;
    const reloadedMiB = await rssMiB(running.child.pid);
    const writes = await timeWrites(running, spreadsheetId, options);
    // Provisioning makes a school spreadsheet and an account spreadsheet per school, and the
    // county's recheck and summary spreadsheets.
    const files = 2 * schools.length + 2;
    return announce({
      title: "模拟器县级规模 Emulator at county scale",
      metrics: [
        {
          label: "表格 spreadsheets",
          value: `${whole(files)} (${whole(schools.length)} 校 × 2 schools' and account spreadsheets + 2)`,
        },
        { label: "建表用时 provisioning", value: `${fixed(provisionSeconds)} s` },
        { label: "静止内存 RSS at rest", value: `${whole(restMiB)} MiB` },
        { label: "空模拟器内存 RSS empty", value: `${whole(emptyMiB)} MiB` },
        {
          label: "每表内存 RSS per spreadsheet",
          value: `${fixed((restMiB - emptyMiB) / files, 2)} MiB (扣除空模拟器 above empty)`,
        },
        { label: "数据目录 data on disk", value: `${fixed(diskMiB)} MiB` },
        { label: "空模拟器启动 start, empty", value: `${fixed(emptySeconds, 2)} s` },
        { label: "kill -9 后重启 restart after kill -9", value: `${fixed(restartSeconds, 2)} s` },
        { label: "重启后内存 RSS after reload", value: `${whole(reloadedMiB)} MiB` },
        {
          label: "单区域写入 single-range values.update",
          value: `中位 median ${fixed(writes.wall.median)} ms, p95 ${fixed(writes.wall.p95)} ms (n=${writes.wall.n})`,
        },
        {
          label: "模拟器每次写入 CPU emulator CPU per write",
          value: `${fixed(writes.cpuPerWriteMs)} ms`,
        },
      ],
      numbers: {
        spreadsheets: files,
        provisionSeconds,
        rssEmptyMiB: emptyMiB,
        rssAtRestMiB: restMiB,
        diskMiB,
        emptyStartSeconds: emptySeconds,
        restartSeconds,
        rssAfterReloadMiB: reloadedMiB,
        writeMedianMs: writes.wall.median,
        writeP95Ms: writes.wall.p95,
        emulatorCpuPerWriteMs: writes.cpuPerWriteMs,
      },
    });
  } finally {
    await stop(running, "SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
}
