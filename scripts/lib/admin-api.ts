/**
 * What the command-line tools that read the worker's admin API share (`npm run report`,
 * `npm run export`): the flags --endpoint and --token (with --out, checked by each tool, and
 * --help), the token `npm start` saves, and one authenticated GET whose every failure is told in
 * Chinese as an `UnusableInput` (exit 2): worker unreachable, token refused, an answer that is
 * not what the tool expects.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { argumentProblem } from "./cli-args";
import { connectProblem } from "./file-problem";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Where `npm start` runs the worker and keeps its admin token (scripts/lib/stack.ts). */
export const DEFAULT_ENDPOINT = "http://127.0.0.1:8787";
const TOKEN_FILE = path.join(ROOT, ".tmis", "admin-token");

/** A failure the user can fix (wrong address, token, flags): exit 2 with its message. */
export class UnusableInput extends Error {}

export interface AdminOptions {
  readonly out: string;
  readonly endpoint: string;
  /** Undefined: the saved one (`savedToken`). */
  readonly token: string | undefined;
}

export type AdminCommandLine =
  | { ok: true; options: AdminOptions }
  | { ok: true; help: true }
  | { ok: false; problems: string[] };

/**
 * --out, --endpoint, --token, --help. `outProblem` says what is wrong with --out for this tool
 * (undefined: nothing). Every problem says what was expected and what arrived; all are reported
 * together.
 */
export function parseAdminCommandLine(
  argv: readonly string[],
  outProblem: (out: string | undefined) => string | undefined,
): AdminCommandLine {
  let values: { out?: string; endpoint?: string; token?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: "string" },
        endpoint: { type: "string" },
        token: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, problems: [argumentProblem(error as Error & { code?: string })] };
  }
  if (values.help) return { ok: true, help: true };
  const problems: string[] = [];
  const out = outProblem(values.out);
  if (out !== undefined) problems.push(out);
  const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))
    problems.push(`--endpoint 应为 http:// 或 https:// 开头的地址，收到「${endpoint}」`);
  if (values.token !== undefined && values.token.trim() === "") problems.push("--token 不能为空");
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: { out: values.out ?? "", endpoint, token: values.token } };
}

/** The token `npm start` saved in .tmis/admin-token. */
export async function savedToken(): Promise<string> {
  try {
    const token = (await readFile(TOKEN_FILE, "utf8")).trim();
    if (token !== "") return token;
  } catch {
    // No file: the same answer as an empty one, below.
  }
  throw new UnusableInput(
    `没有管理令牌：请用 --token 给出，或先运行 npm start（它会生成 ${path.relative(ROOT, TOKEN_FILE)}）`,
  );
}

/**
 * A worker's refusal, with what to do; its body is not shown (it may be English, and says
 * nothing a person at this command can act on).
 */
export function workerRefusal(status: number, what: string): string {
  if (status === 503 || status === 429)
    return `Worker 暂时无法${what}（HTTP ${status}，多为 Google 每分钟配额已满）：请过一两分钟再试`;
  if (status === 404)
    return `Worker 没有这个接口（HTTP 404），未能${what}：请检查 --endpoint 是否为 tmis-sync 的 Worker 地址`;
  if (status >= 500)
    return `Worker 出错（HTTP ${status}），未能${what}：详情见 Worker 的日志（本地为 .tmis/worker.log）`;
  return `Worker 返回 HTTP ${status}，未能${what}`;
}

/** How a tool names what it asks the worker for, in its messages. */
export interface Asked {
  /** The answer expected (汇总, 导入包): "不是预期的…格式". */
  readonly noun: string;
  /** What the tool failed to do (取得汇总, 导出): "未能…". */
  readonly verb: string;
}

/**
 * GET `route` (relative, e.g. "api/summary") of the worker at `endpoint` with the admin token,
 * its JSON checked against `shape` (it crossed the network).
 */
export async function adminGet<S extends z.ZodType>(
  endpoint: string,
  token: string,
  route: string,
  shape: S,
  asked: Asked,
): Promise<z.infer<S>> {
  const url = new URL(route, endpoint.endsWith("/") ? endpoint : `${endpoint}/`);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new UnusableInput(
      `无法连接 Worker（${url.origin}）：${connectProblem(error)}。` +
        "请先运行 npm start，或用 --endpoint 指定 Worker 地址",
    );
  }
  if (res.status === 401)
    throw new UnusableInput(
      "Worker 拒绝了管理令牌（HTTP 401）：请检查 --token 或 .tmis/admin-token",
    );
  if (!res.ok) throw new UnusableInput(workerRefusal(res.status, asked.verb));
  const parsed = shape.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new UnusableInput(
      `Worker 的回答不是预期的${asked.noun}格式（${url.href}）：它是 tmis-sync 吗？`,
    );
  return parsed.data;
}
