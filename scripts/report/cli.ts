/**
 * `npm run report -- --out FILE.xlsx [--endpoint URL] [--token TOKEN]`: the county summary's
 * tabs (总览, 进度, 统计, 学分, 学分台账, 业务台账) from the worker, written to a local workbook.
 * Exit codes: 0 written; 2 unusable input (flags, no token, worker unreachable or refusing).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { argumentProblem } from "../lib/cli-args";
import { fetchSummary, UnusableInput, writeSummaryWorkbook } from "./report";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Where `npm start` runs the worker and keeps its admin token (scripts/lib/stack.ts). */
const DEFAULT_ENDPOINT = "http://127.0.0.1:8787";
const TOKEN_FILE = path.join(ROOT, ".tmis", "admin-token");

export const USAGE = `用法：npm run report -- --out 文件.xlsx [选项]

  --out 文件.xlsx      写入的工作簿（总览、进度、统计、学分、学分台账、业务台账六个工作表）
  --endpoint 地址      Worker 的地址（默认 ${DEFAULT_ENDPOINT}，即 npm start 启动的本地 Worker）
  --token 令牌         管理令牌（默认读取 .tmis/admin-token）
  --help               显示本说明

退出码：0 已写入；2 输入无法使用（参数不对、没有令牌、连不上 Worker 等）。`;

interface Options {
  readonly out: string;
  readonly endpoint: string;
  readonly token: string | undefined;
}

/** Every problem says what was expected and what arrived; all are reported together. */
export function parseCommandLine(
  argv: readonly string[],
): { ok: true; options: Options } | { ok: true; help: true } | { ok: false; problems: string[] } {
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
  if (values.out === undefined)
    problems.push("缺少 --out：应为要写入的 .xlsx 文件，如 --out 汇总.xlsx");
  else if (!values.out.toLowerCase().endsWith(".xlsx"))
    problems.push(`--out 应为 .xlsx 文件，收到「${values.out}」`);
  const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))
    problems.push(`--endpoint 应为 http:// 或 https:// 开头的地址，收到「${endpoint}」`);
  if (values.token !== undefined && values.token.trim() === "") problems.push("--token 不能为空");
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: { out: values.out ?? "", endpoint, token: values.token } };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    for (const problem of parsed.problems) console.error(problem);
    console.error("用法见 npm run report -- --help");
    return 2;
  }
  if ("help" in parsed) {
    console.log(USAGE);
    return 0;
  }
  const { out, endpoint } = parsed.options;
  try {
    const token = parsed.options.token ?? (await savedToken());
    const summary = await fetchSummary(endpoint, token);
    await writeSummaryWorkbook(summary.tabs, out);
    const tabs = summary.tabs.map((tab) => `${tab.title} ${Math.max(tab.rows.length - 1, 0)} 行`);
    console.log(`已写入 ${path.resolve(out)}（${summary.day}；${tabs.join("，")}）`);
    return 0;
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    console.error(error.message);
    return 2;
  }
}

async function savedToken(): Promise<string> {
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

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));
