/**
 * `npm run export -- --out DIR [--endpoint URL] [--token TOKEN]`: the national system's import
 * package, from the worker's admin API (`GET /api/export/package`, so D1 stays the one source
 * and the download is recorded in its `exports` audit), written as one .xlsx per school and one
 * for the county. The files hold ID numbers in clear: nothing of their content is printed.
 * Exit codes: 0 written; 1 the folder cannot be written; 2 unusable input (flags, no token,
 * worker unreachable or refusing).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeXlsx } from "../../src/adapters/xlsx/index";
import {
  type AdminCommandLine,
  adminGet,
  DEFAULT_ENDPOINT,
  parseAdminCommandLine,
  savedToken,
  UnusableInput,
} from "../lib/admin-api";
import { writeProblem } from "../lib/file-problem";

export const USAGE = `用法：npm run export -- --out 目录 [选项]

从 Worker 导出全国教师管理信息系统的导入包：每所学校一个工作簿（<学校代码>-<学校名称>.xlsx），
全县一个（全县-华容县.xlsx）；每个标签页一个信息项，只含已生效的记录（最新版本），列的顺序、
表头和代码值与采集模板一致，日期为 YYYY-MM-DD、年月为 YYYY-MM，附教师编号。
文件中有完整的身份证件号：请妥善保管，用后删除。每次导出都记入登记库的导出日志（GET /api/exports）。

  --out 目录           写入的目录（不存在时新建；同名文件被覆盖）
  --endpoint 地址      Worker 的地址（默认 ${DEFAULT_ENDPOINT}，即 npm start 启动的本地 Worker）
  --token 令牌         管理令牌（默认读取 .tmis/admin-token）
  --help               显示本说明

退出码：0 已写入；1 目录无法写入；2 输入无法使用（参数不对、没有令牌、连不上 Worker 等）。`;

export function parseCommandLine(argv: readonly string[]): AdminCommandLine {
  return parseAdminCommandLine(argv, (out) => {
    if (out === undefined || out.trim() === "")
      return "缺少 --out：应为写入导入包的目录，如 --out 导入包";
    if (out.toLowerCase().endsWith(".xlsx"))
      return `--out 应为目录（每所学校一个文件），收到「${out}」`;
    return undefined;
  });
}

const Cell = z.union([z.string(), z.number()]);
/** What `GET /api/export/package` answers (src/routes/export.ts), checked: it crossed the network. */
const PackageBody = z.object({
  workbooks: z.array(
    z.object({
      file: z.string().regex(/^[^/\\]+\.xlsx$/),
      schoolCode: z.string().nullable(),
      tabs: z.array(z.object({ title: z.string(), rows: z.array(z.array(Cell)) })),
    }),
  ),
});
type PackageBody = z.infer<typeof PackageBody>;

export async function fetchPackage(endpoint: string, token: string): Promise<PackageBody> {
  return adminGet(endpoint, token, "api/export/package", PackageBody, {
    noun: "导入包",
    verb: "导出",
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    for (const problem of parsed.problems) console.error(problem);
    console.error("用法见 npm run export -- --help");
    return 2;
  }
  if ("help" in parsed) {
    console.log(USAGE);
    return 0;
  }
  const { out, endpoint } = parsed.options;
  let body: PackageBody;
  try {
    const token = parsed.options.token ?? (await savedToken());
    body = await fetchPackage(endpoint, token);
  } catch (error) {
    if (!(error instanceof UnusableInput)) throw error;
    console.error(error.message);
    return 2;
  }
  const dir = path.resolve(out);
  try {
    await mkdir(dir, { recursive: true });
    for (const workbook of body.workbooks)
      await writeFile(
        path.join(dir, workbook.file),
        writeXlsx(workbook.tabs.map((tab) => ({ name: tab.title, rows: tab.rows }))),
      );
  } catch (error) {
    console.error(`无法写入目录「${dir}」：${writeProblem(error)}`);
    return 1;
  }
  const schools = body.workbooks.filter((w) => w.schoolCode !== null).length;
  const county = body.workbooks.find((w) => w.schoolCode === null);
  const people = county?.tabs[0] === undefined ? 0 : county.tabs[0].rows.length - 1;
  console.log(
    `已写入 ${dir}：${schools} 所学校的工作簿和全县工作簿，已生效的基本信息 ${people} 人。` +
      "文件含完整身份证件号，请妥善保管；本次导出已记入导出日志。",
  );
  return 0;
}

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));
