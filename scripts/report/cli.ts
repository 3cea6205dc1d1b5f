/**
 * `npm run report -- --out FILE.xlsx [--endpoint URL] [--token TOKEN]`: the county summary's
 * tabs (总览, 进度, 统计, 学分, 学分台账, 业务台账) from the worker, written to a local workbook.
 * Exit codes: 0 written; 2 unusable input (flags, no token, worker unreachable or refusing).
 */
import path from "node:path";
import {
  type AdminCommandLine,
  DEFAULT_ENDPOINT,
  parseAdminCommandLine,
  savedToken,
  UnusableInput,
} from "../lib/admin-api";
import { fetchSummary, writeSummaryWorkbook } from "./report";

export const USAGE = `用法：npm run report -- --out 文件.xlsx [选项]

  --out 文件.xlsx      写入的工作簿（总览、进度、统计、学分、学分台账、业务台账六个工作表）
  --endpoint 地址      Worker 的地址（默认 ${DEFAULT_ENDPOINT}，即 npm start 启动的本地 Worker）
  --token 令牌         管理令牌（默认读取 .tmis/admin-token）
  --help               显示本说明

退出码：0 已写入；2 输入无法使用（参数不对、没有令牌、连不上 Worker 等）。`;

/** Every problem says what was expected and what arrived; all are reported together. */
export function parseCommandLine(argv: readonly string[]): AdminCommandLine {
  return parseAdminCommandLine(argv, (out) => {
    if (out === undefined) return "缺少 --out：应为要写入的 .xlsx 文件，如 --out 汇总.xlsx";
    if (!out.toLowerCase().endsWith(".xlsx")) return `--out 应为 .xlsx 文件，收到「${out}」`;
    return undefined;
  });
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

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));
