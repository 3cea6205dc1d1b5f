import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { redactPath } from "../../src/core/log/redact";
import type { QuotaPatch } from "../emulator/quotas";
import { startEmulator } from "../emulator/server";
import { listenProblem } from "./file-problem";

/**
 * The embedded default: the Sheets/Drive emulator in this process and the worker under
 * `wrangler dev` (workerd, local D1 and Queues), wired to each other. Everything persists under
 * `stateDir`, so a second start finds the same spreadsheets, service account and registry.
 */
export interface StackOptions {
  stateDir?: string;
  emulatorPort?: number;
  workerPort?: number;
  /** Where wrangler's output goes; defaults to a log file in stateDir. */
  onWorkerLog?: (line: string) => void;
  /** The emulator's quotas (benchmarks turn them off); Google's defaults when unset. */
  quotas?: QuotaPatch;
  /** Extra `--var NAME:value` for the worker, e.g. the client's test-only rate knob. */
  workerVars?: Record<string, string>;
}

export interface Stack {
  emulatorUrl: string;
  workerUrl: string;
  adminToken: string;
  serviceAccountKey: ServiceAccountKeyFile;
  stateDir: string;
  /** Hands each later line of the worker's output to `listener` too; returns the unsubscribe. */
  watchWorkerLog(listener: (line: string) => void): () => void;
  stop(): Promise<void>;
}

export interface ServiceAccountKeyFile {
  type: "service_account";
  client_email: string;
  private_key: string;
  private_key_id: string;
  token_uri: string;
  [field: string]: unknown;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const stateDir = path.resolve(options.stateDir ?? path.join(ROOT, ".tmis"));
  await mkdir(stateDir, { recursive: true });
  const emulatorPort = options.emulatorPort ?? 0;
  const emulator = await startEmulator({
    port: emulatorPort,
    dataDir: path.join(stateDir, "emulator"),
    ...(options.quotas === undefined ? {} : { quotas: options.quotas }),
  }).catch((error: unknown) => {
    throw new StackStartError(listenProblem(error, "模拟器", emulatorPort));
  });
  try {
    // wrangler would only say it exited; a port taken is found and named before it starts.
    if (options.workerPort) await assertPortFree(options.workerPort, "本地 Worker");
    const serviceAccountKey = await ensureServiceAccount(emulator.url, stateDir);
    const adminToken = await ensureSecret(stateDir, "admin-token", 24, "base64url");
    const idHashKey = await ensureSecret(stateDir, "id-hash-key", 32, "base64");
    const idEncryptionKey = await ensureSecret(stateDir, "id-encryption-key", 32, "base64");
    const envFile = path.join(stateDir, "worker.env");
    await writeFile(
      envFile,
      dotenv({
        ADMIN_TOKEN: adminToken,
        GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(serviceAccountKey),
        ID_HASH_KEY: idHashKey,
        ID_ENCRYPTION_KEY: idEncryptionKey,
      }),
      { mode: 0o600 },
    );
    const persistTo = path.join(stateDir, "wrangler");
    await applyMigrations(persistTo);
    const workerPort = options.workerPort || (await freePort());
    const write = options.onWorkerLog ?? (await fileLogger(path.join(stateDir, "worker.log")));
    const listeners = new Set<(line: string) => void>();
    // wrangler logs each request's path: an account-slips link (a capability) is cut out first.
    const log = (raw: string) => {
      const line = redactPath(raw);
      write(line);
      for (const listener of listeners) listener(line);
    };
    const worker = startWorker({
      port: workerPort,
      persistTo,
      envFile,
      emulatorUrl: emulator.url,
      log,
      vars: options.workerVars ?? {},
    });
    const workerUrl = `http://127.0.0.1:${workerPort}`;
    await waitForHealth(workerUrl, worker);
    return {
      emulatorUrl: emulator.url,
      workerUrl,
      adminToken,
      serviceAccountKey,
      stateDir,
      watchWorkerLog(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async stop() {
        await stopChild(worker);
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** Single quotes make dotenv take a value literally: the key's JSON keeps its `\\n` escapes. */
function dotenv(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (value.includes("'")) throw new Error(`${name} 含有单引号，无法写入 .env 文件`);
      return `${name}='${value}'\n`;
    })
    .join("");
}

async function ensureServiceAccount(emulatorUrl: string, stateDir: string) {
  const file = path.join(stateDir, "service-account.json");
  if (existsSync(file)) {
    const key = JSON.parse(await readFile(file, "utf8")) as ServiceAccountKeyFile;
    // The emulator keeps registered keys in its data dir; re-register if that was wiped.
    const known = await fetch(`${emulatorUrl}/__emulator/service-accounts`).then((r) => r.json());
    const emails =
      (known as { serviceAccounts?: { client_email: string }[] }).serviceAccounts ?? [];
    if (emails.some((sa) => sa.client_email === key.client_email)) {
      return { ...key, token_uri: `${emulatorUrl}/token` };
    }
  }
  const res = await fetch(`${emulatorUrl}/__emulator/service-accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "tmis-sync@huarong-tmis.iam.gserviceaccount.com" }),
  });
  if (!res.ok) throw new Error(`模拟器无法创建服务账号：HTTP ${res.status} ${await res.text()}`);
  const key = (await res.json()) as ServiceAccountKeyFile;
  await writeFile(file, JSON.stringify(key, null, 2), { mode: 0o600 });
  return key;
}

/** A random secret kept in stateDir, so a restarted stack reads the registry it wrote. */
async function ensureSecret(
  stateDir: string,
  name: string,
  bytes: number,
  encoding: "base64" | "base64url",
): Promise<string> {
  const file = path.join(stateDir, name);
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(bytes).toString(encoding);
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

function applyMigrations(persistTo: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      WRANGLER,
      ["d1", "migrations", "apply", "tmis-sync", "--local", "--persist-to", persistTo],
      { cwd: ROOT, env: { ...quietEnv, CI: "true" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`D1 迁移失败（退出码 ${code}）：\n${output}`)),
    );
  });
}

function startWorker(opts: {
  port: number;
  persistTo: string;
  envFile: string;
  emulatorUrl: string;
  log: (line: string) => void;
  vars: Record<string, string>;
}): ChildProcess {
  const child = spawn(
    WRANGLER,
    [
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(opts.port),
      "--persist-to",
      opts.persistTo,
      "--env-file",
      opts.envFile,
      "--show-interactive-dev-session=false",
      "--var",
      `SHEETS_BASE_URL:${opts.emulatorUrl}`,
      "--var",
      `DRIVE_BASE_URL:${opts.emulatorUrl}`,
      "--var",
      `OAUTH_TOKEN_URL:${opts.emulatorUrl}/token`,
      // The address the account spreadsheets' 「打印账号条」 link and the slips point to.
      "--var",
      `PORTAL_BASE_URL:http://127.0.0.1:${opts.port}`,
      ...Object.entries(opts.vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { cwd: ROOT, env: quietEnv, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  // Whole lines only: a read may end mid-line, and the cron parses the worker's JSON lines.
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
      if (line.trim()) opts.log(line);
    });
  }
  return child;
}

async function waitForHealth(workerUrl: string, worker: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null)
      throw new Error(`wrangler dev 已退出（退出码 ${worker.exitCode}）`);
    try {
      const res = await fetch(`${workerUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stopChild(worker);
  throw new Error("等待本地 Worker 启动超时（90 秒）");
}

/**
 * wrangler spawns workerd: signal the whole process group so nothing is left running — also
 * when wrangler itself already died (killed, crashed), since workerd may outlive it. Waits for
 * wrangler's exit only while it has not exited: a child killed by a signal has no exit code but
 * its `exit` event is past, and waiting for it would never end.
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const running = child.exitCode === null && child.signalCode === null;
  const exited = running
    ? new Promise<void>((resolve) => child.once("exit", () => resolve()))
    : Promise.resolve();
  if (!signalGroup(pid, "SIGTERM")) return;
  const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** False when no process of the group is left. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ctrl-C or SIGTERM runs `stop` once, then the process exits — with 1 if `stop` failed, and at
 * once if told a second time while stopping: being told to stop is never ignored.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  async function shutdown() {
    if (stopping) process.exit(1);
    stopping = true;
    console.log("正在停止……");
    try {
      await stop();
      process.exit(0);
    } catch (error) {
      console.error("停止时出错：", error);
      process.exit(1);
    }
  }
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/**
 * Appends to the worker log, never truncates it: the log of the run before a restart is what
 * explains why it was restarted. Each start is marked so runs can be told apart.
 */
export async function fileLogger(
  file: string,
  startedAt = new Date(),
): Promise<(line: string) => void> {
  await appendFile(file, `--- 启动 ${startedAt.toISOString()} ---\n`);
  return (line) => appendFileSync(file, `${line}\n`);
}

/** A start that cannot go on for a reason the person can fix: its message is all they need. */
export class StackStartError extends Error {}

/** What a command prints when the stack did not start: a sentence, never a stack trace. */
export function startProblem(error: unknown): string {
  if (error instanceof StackStartError) return error.message;
  return `启动失败：${(error as Error).message}。详情见 .tmis/worker.log；如无法解决，请把这段话发给县里的技术人员`;
}

function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error) => reject(new StackStartError(listenProblem(error, what, port))));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
