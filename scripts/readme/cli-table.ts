/**
 * README's tables of every command and its options, made from what each command's `--help`
 * prints (the USAGE texts), so the README cannot drift from the commands:
 * `npx tsx scripts/readme/cli-table.ts` rewrites the tables between their markers, and
 * tests/docs/readme-settings.test.ts fails while the README's copy differs.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { USAGE as BENCH } from "../bench/args";
import { USAGE as EMULATOR } from "../emulator/usage";
import { USAGE as EXPORT } from "../export/cli";
import { START_USAGE } from "../lib/start-options";
import { USAGE as PRACTICE } from "../practice/args";
import { USAGE as PROVISION } from "../provision/args";
import { USAGE as REPORT } from "../report/cli";
import { USAGE as VALIDATE } from "../validate/args";

export const README = path.resolve(import.meta.dirname, "../../README.md");
/** Where each table goes: users' commands in the Chinese part, the benchmark in the English one. */
export type Part = "users" | "developers";
export const MARKERS: Readonly<Record<Part, { readonly begin: string; readonly end: string }>> = {
  users: {
    begin: "<!-- 命令参数表：由 scripts/readme/cli-table.ts 按各命令的 --help 生成，请勿手改 -->",
    end: "<!-- 命令参数表结束 -->",
  },
  developers: {
    begin:
      "<!-- developers' command table: made by scripts/readme/cli-table.ts from --help; do not edit -->",
    end: "<!-- end of the developers' command table -->",
  },
};

/** Each command as it is typed, what its `--help` prints, and which part of the README lists it. */
export const COMMANDS: readonly {
  readonly command: string;
  readonly usage: string;
  readonly part: Part;
}[] = [
  { command: "npm start", usage: START_USAGE, part: "users" },
  { command: "npm run practice", usage: PRACTICE, part: "users" },
  { command: "npm run provision", usage: PROVISION, part: "users" },
  { command: "npm run validate", usage: VALIDATE, part: "users" },
  { command: "npm run report", usage: REPORT, part: "users" },
  { command: "npm run export", usage: EXPORT, part: "users" },
  { command: "npm run emulator", usage: EMULATOR, part: "users" },
  { command: "npm run bench", usage: BENCH, part: "developers" },
];

/** Commands that take no options: what they do instead of a `--help`. */
const WITHOUT_OPTIONS: readonly { readonly command: string; readonly what: string }[] = [
  {
    command: "npm run demo",
    what: "没有参数：启动本地模拟器和 Worker，演示全过程后退出",
  },
  {
    command: "npm run manual",
    what: "没有参数：按表格模板重新生成 docs/manual/操作手册.md 和 .html",
  },
];

export interface OptionRow {
  /** As the help shows it: `--tick 间隔`, `--no-quotas`, or a positional such as `文件`. */
  readonly option: string;
  readonly meaning: string;
}

/**
 * The option lines of a usage text: two spaces, the option (with its value's name), two or
 * more spaces, its meaning; deeper-indented lines continue the meaning. The 用法 line and the
 * paragraphs after a blank line (exit codes, variables) are not options.
 */
export function optionRows(usage: string): OptionRow[] {
  const rows: { option: string; meaning: string[] }[] = [];
  let open = false;
  for (const line of usage.split("\n")) {
    const option = /^ {2}(\S(?:.*?\S)?) {2,}(\S.*)$/.exec(line);
    const more = /^ {5,}(\S.*)$/.exec(line);
    if (option?.[1] !== undefined && option[2] !== undefined) {
      rows.push({ option: option[1], meaning: [option[2].trim()] });
      open = true;
    } else if (more?.[1] !== undefined && open) rows.at(-1)?.meaning.push(more[1].trim());
    else open = false;
  }
  return rows.map((row) => ({ option: row.option, meaning: row.meaning.join("") }));
}

/** The option's name alone (`--tick`), which a reader searches for. */
export function optionName(option: string): string {
  return option.split(/\s/)[0] ?? option;
}

const cell = (text: string) => text.replaceAll("|", "\\|");

export function cliTable(part: Part): string {
  const lines =
    part === "users"
      ? ["| 命令 | 参数 | 说明 |", "| --- | --- | --- |"]
      : ["| Command | Option | What it does (its --help) |", "| --- | --- | --- |"];
  for (const { command, usage } of COMMANDS.filter((c) => c.part === part))
    for (const row of optionRows(usage))
      lines.push(`| \`${command}\` | \`${cell(row.option)}\` | ${cell(row.meaning)} |`);
  if (part === "users")
    for (const { command, what } of WITHOUT_OPTIONS)
      lines.push(`| \`${command}\` | （无） | ${cell(what)} |`);
  return lines.join("\n");
}

/** A table with biome's padding taken out, so the README's formatted copy compares. */
export function unpadded(table: string): string {
  return table
    .trim()
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").replace(/-{3,}/g, "---"))
    .join("\n");
}

/** What the README holds between a part's markers, trimmed. */
export function tableIn(readme: string, part: Part): string {
  const { begin, end } = MARKERS[part];
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  return from < 0 || to < from ? "" : readme.slice(from + begin.length, to).trim();
}

/** The README with both tables replaced between their markers, which must be there. */
export function withTables(readme: string): string {
  let text = readme;
  for (const part of ["users", "developers"] as const) {
    const { begin, end } = MARKERS[part];
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md 里找不到命令参数表的标记：${begin}`);
    text = `${text.slice(0, from + begin.length)}\n\n${cliTable(part)}\n\n${text.slice(to)}`;
  }
  return text;
}

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) {
  writeFileSync(README, withTables(readFileSync(README, "utf8")));
  // biome formats Markdown tables (pads the columns); npm run check would fail on the raw one.
  const biome = path.resolve(import.meta.dirname, "../../node_modules/.bin/biome");
  execFileSync(biome, ["format", "--write", README], { stdio: "ignore" });
  console.log(`已更新 ${path.relative(process.cwd(), README)} 的命令参数表`);
}
