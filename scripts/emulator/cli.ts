import { parseArgs } from "node:util";
import { argumentProblem } from "../lib/cli-args";
import { listenProblem } from "../lib/file-problem";
import type { QuotaPatch } from "./quotas";
import { startEmulator } from "./server";
import { USAGE } from "./usage";

/**
 * `npm run emulator -- --port 8790 --data /tmp/emu`: runs the Google Sheets/Drive emulator until
 * Ctrl-C. Each mutation is written to the data directory before it is answered, so stopping
 * at any moment loses nothing.
 */

const quotaFlags = {
  "read-per-user": ["sheetsRead", "perUser"],
  "read-per-project": ["sheetsRead", "perProject"],
  "write-per-user": ["sheetsWrite", "perUser"],
  "write-per-project": ["sheetsWrite", "perProject"],
  "drive-per-user": ["drive", "perUser"],
  "drive-per-project": ["drive", "perProject"],
} as const;

interface CliOptions {
  port: number;
  host: string;
  dataDir: string | undefined;
  quotas: QuotaPatch;
}

class UsageError extends Error {}

function parseCli(argv: string[]): CliOptions | "help" {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof flagSpec; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: flagSpec, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(argumentProblem(error as Error & { code?: string }));
  }
  const v = parsed.values;
  if (v.help) return "help";
  const quotas: QuotaPatch = v["no-quotas"] ? { enabled: false } : {};
  for (const [flag, [bucket, field]] of Object.entries(quotaFlags)) {
    const raw = v[flag as keyof typeof quotaFlags];
    if (raw === undefined) continue;
    const value = integer(flag, raw, 1, 1_000_000);
    quotas[bucket] = { ...quotas[bucket], [field]: value };
  }
  const host = v.host ?? "127.0.0.1";
  if (!host.trim()) throw new UsageError(`--host 应为监听地址，如 127.0.0.1，收到空字符串`);
  if (v.data !== undefined && !v.data.trim()) {
    throw new UsageError(`--data 应为目录路径，如 /tmp/emu，收到空字符串`);
  }
  return {
    port: v.port === undefined ? 8790 : integer("port", v.port, 0, 65_535),
    host,
    dataDir: v.data,
    quotas,
  };
}

const flagSpec = {
  port: { type: "string" },
  host: { type: "string" },
  data: { type: "string" },
  "read-per-user": { type: "string" },
  "read-per-project": { type: "string" },
  "write-per-user": { type: "string" },
  "write-per-project": { type: "string" },
  "drive-per-user": { type: "string" },
  "drive-per-project": { type: "string" },
  "no-quotas": { type: "boolean" },
  help: { type: "boolean" },
} as const;

function integer(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${flag} 应为 ${min} 到 ${max} 的整数，收到 "${raw}"`);
  }
  return Number(raw);
}

async function main(): Promise<void> {
  let options: CliOptions | "help";
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    quotas: options.quotas,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  console.log(`Google Sheets/Drive 模拟器已启动：${emulator.url}/`);
  console.log(
    options.dataDir ? `数据目录：${options.dataDir}` : "未指定 --data：数据只在内存中，退出即丢失",
  );
  console.log(`EMULATOR_URL=${emulator.url}`);
  console.log(`OAUTH_TOKEN_URL=${emulator.tokenUrl}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}，正在停止模拟器…`);
    emulator.close().then(
      () => console.log("模拟器已停止，数据已保存"),
      (error: unknown) => {
        console.error("停止模拟器时出错：", error);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // A taken port is the usual failure, and Node names it in English (EADDRINUSE).
  const listening = (error as NodeJS.ErrnoException | undefined)?.syscall === "listen";
  const port = (error as { port?: number } | undefined)?.port ?? 0;
  console.error(
    listening
      ? listenProblem(error, "模拟器", port)
      : `模拟器启动失败：${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
