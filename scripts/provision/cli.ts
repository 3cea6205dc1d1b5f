/**
 * `npm run provision -- --schools FILE [--county FILE] [--endpoint URL] …` (see USAGE in
 * args.ts). Exit codes: 0 every spreadsheet is provisioned; 1 sign-in failed or some
 * spreadsheet failed (the others are done; run again to retry); 2 unusable input.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import {
  type CountyConfig,
  formatSchoolIssue,
  formatTemplateIssue,
  loadCountyConfig,
  parseSchoolsCsv,
  type School,
} from "../../src/core/templates/index";
import { decodeText } from "../lib/decode-text";
import { fileProblem } from "../lib/file-problem";
import { type Options, parseCommandLine, USAGE } from "./args";
import { SignInError, serviceAccountEmail, signIn } from "./auth";
import { manifestOf, mergeManifest, readManifest, writeManifest } from "./manifest";
import { provision } from "./provision";
import { progressLine, resultTable } from "./report";

type Input<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) return unusable(parsed.problems);
  if ("help" in parsed) {
    console.log(USAGE);
    return 0;
  }
  const { options } = parsed;
  const schools = await readSchools(options.schoolsFile);
  const county = await readCounty(options.countyFile);
  const problems = [...(schools.ok ? [] : schools.problems), ...(county.ok ? [] : county.problems)];
  if (!schools.ok || !county.ok) return unusable(problems);

  let serviceAccount: string;
  let clients: Awaited<ReturnType<typeof signIn>>;
  try {
    serviceAccount =
      "email" in options.serviceAccount
        ? options.serviceAccount.email
        : await serviceAccountEmail(options.serviceAccount.keyFile);
    clients = await signIn(options.signIn);
  } catch (error) {
    if (error instanceof SignInError) return unusable([error.message]);
    console.error(`登录失败：${(error as Error).message}`);
    return 1;
  }

  console.log(
    `开始建表：${schools.value.length} 所学校（每校一个信息采集表和一个教师账号表），另有县级复核表和汇总表；${where(options)}`,
  );
  const entries = await provision({
    clients,
    schools: schools.value,
    templates: shippedTemplates,
    county: county.value,
    serviceAccount,
    poolAccounts: options.poolAccounts,
    notify: options.notify,
    retry: {
      onWait: ({ status, delayMs }) =>
        console.log(
          `  Google 返回 ${status}${status === 429 ? "（配额已满）" : ""}，${Math.ceil(delayMs / 1000)} 秒后重试`,
        ),
    },
    onProgress: (entry, index, total) => console.log(progressLine(entry, index, total)),
  });
  console.log(`\n${resultTable(entries, shippedTemplates)}`);
  const merged = mergeManifest(await readManifest(options.outDir), manifestOf(entries));
  const manifest = await writeManifest(options.outDir, merged.manifest);
  console.log(`\n表格编号已写入 ${manifest}（Worker 通过云端硬盘文件属性找到各表格）`);
  if (merged.kept.length > 0)
    console.log(
      `本次学校名单中没有的 ${merged.kept.length} 所学校，沿用 provisioned.json 中原有的记录（未改动这些学校的表格）`,
    );
  const failed = entries.filter((entry) => !entry.outcome.ok).length;
  if (failed > 0)
    console.error(`${failed} 个表格未完成，请处理上面的错误后重新运行（已完成的不会重复创建）`);
  return failed > 0 ? 1 : 0;
}

function where(options: Options): string {
  const how = options.signIn;
  if (how.kind === "emulator") return `模拟器 ${how.endpoint}，以 ${how.email} 身份`;
  return how.kind === "oauth" ? "Google，管理员浏览器登录" : "Google，服务账号身份";
}

async function readSchools(file: string): Promise<Input<readonly School[]>> {
  const text = await readText(file, "学校名单");
  if (!text.ok) return text;
  const parsed = parseSchoolsCsv(text.value, shippedTemplates.codeTables);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    problems: parsed.issues.map((issue) => `${file} ${formatSchoolIssue(issue)}`),
  };
}

async function readCounty(file: string | undefined): Promise<Input<CountyConfig>> {
  if (file === undefined) return { ok: true, value: shippedCountyConfig };
  const text = await readText(file, "县级配置");
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (error) {
    // JSON.parse says where in English ("Unexpected token } in JSON at position 5"); the line
    // is what a person needs to find the mistake.
    return { ok: false, problems: [`${file} 不是有效的 JSON：${jsonProblem(text.value, error)}`] };
  }
  const loaded = loadCountyConfig(json);
  if (loaded.ok) return loaded;
  return {
    ok: false,
    problems: loaded.issues.map((issue) => formatTemplateIssue({ ...issue, file })),
  };
}

async function readText(file: string, what: string): Promise<Input<string>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false, problems: [`读不到${what} ${file}：${fileProblem(error)}`] };
  }
  const decoded = decodeText(bytes);
  return decoded.ok
    ? { ok: true, value: decoded.text }
    : { ok: false, problems: [`${what} ${file}：${decoded.problem}`] };
}

function unusable(problems: readonly string[]): number {
  for (const problem of problems) console.error(problem);
  console.error(`\n${USAGE}`);
  return 2;
}

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));

/** Where JSON.parse stopped, as a line number, and the usual causes. */
function jsonProblem(text: string, error: unknown): string {
  const at = /position (\d+)/.exec((error as Error).message)?.[1];
  const line = at === undefined ? undefined : text.slice(0, Number(at)).split("\n").length;
  const where = line === undefined ? "" : `第 ${line} 行附近有误；`;
  return `${where}请检查逗号、引号和括号是否成对、最后一项后面有没有多余的逗号（可与 sheet-templates/county.json 对照）`;
}
