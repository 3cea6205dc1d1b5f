/** The command as users run it, in a child process: exit codes, progress, table, manifest. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeGbk } from "../fixtures/make-fixtures";
import { type Setup, setUp } from "./emulator-setup";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const CLI = path.resolve("scripts/provision/cli.ts");
const example = readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8").split("\n");

let setup: Setup;
let dir: string;

function emulatorArgs(): string[] {
  return ["--endpoint", setup.url, "--service-account-email", setup.serviceAccount];
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  setup = await setUp();
  dir = mkdtempSync(path.join(tmpdir(), "tmis-provision-cli-"));
});

afterAll(async () => {
  await setup?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm run provision", () => {
  it("provisions against the emulator, prints progress and a table, writes provisioned.json", async () => {
    const schools = path.join(dir, "schools.csv");
    writeFileSync(schools, example.slice(0, 3).join("\n"));
    const args = [
      "--schools",
      schools,
      "--endpoint",
      setup.url,
      "--service-account-email",
      setup.serviceAccount,
      "--out",
      dir,
    ];
    const first = await cli(args);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("[1/6] 华容县第一中学（4306230001）：新建");
    expect(first.stdout).toContain("[2/6] 华容县第一中学 教师账号（4306230001）：新建");
    expect(first.stdout).toMatch(/学校代码\s+学校名称\s+类别\s+结果\s+表格链接/);
    const manifest = JSON.parse(readFileSync(path.join(dir, "provisioned.json"), "utf8"));
    expect(Object.keys(manifest.schools)).toEqual(["4306230001", "4306230002"]);
    expect(Object.keys(manifest.accounts)).toEqual(["4306230001", "4306230002"]);
    expect(manifest.accounts["4306230001"].spreadsheetId).not.toBe(
      manifest.schools["4306230001"].spreadsheetId,
    );
    expect(manifest.recheck.spreadsheetId).toEqual(expect.any(String));
    const second = await cli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("[6/6] 华容县教师信息采集汇总：无变化");
  }, 120_000);

  it("reads a schools CSV saved in GBK (Excel's plain CSV on a Chinese Windows)", async () => {
    const schools = path.join(dir, "gbk-schools.csv");
    writeFileSync(schools, encodeGbk(example.slice(0, 2).join("\r\n")));
    const out = path.join(dir, "gbk-out");
    const result = await cli([...emulatorArgs(), "--schools", schools, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("华容县第一中学（4306230001）");
  }, 120_000);

  it("keeps the schools a partial CSV leaves out in provisioned.json, and says so", async () => {
    const out = path.join(dir, "partial-out");
    const all = path.join(dir, "all.csv");
    writeFileSync(all, example.slice(0, 4).join("\n"));
    expect((await cli([...emulatorArgs(), "--schools", all, "--out", out])).code).toBe(0);
    const before = JSON.parse(readFileSync(path.join(out, "provisioned.json"), "utf8"));
    expect(Object.keys(before.schools)).toHaveLength(3);

    const one = path.join(dir, "one.csv");
    writeFileSync(one, [example[0], example[2]].join("\n"));
    const partial = await cli([...emulatorArgs(), "--schools", one, "--out", out]);
    expect(partial.code).toBe(0);
    const after = JSON.parse(readFileSync(path.join(out, "provisioned.json"), "utf8"));
    expect(after).toEqual(before);
    expect(partial.stdout).toContain(
      "本次学校名单中没有的 2 所学校，沿用 provisioned.json 中原有的记录",
    );
  }, 180_000);

  it("exits 2 naming the row and column of a bad CSV, before touching Google", async () => {
    const schools = path.join(dir, "bad.csv");
    writeFileSync(
      schools,
      [example[0], "123,某校,中小学,小学,章华镇,a@x.cn,b@x.cn,c@x.cn,"].join("\n"),
    );
    const result = await cli([
      "--schools",
      schools,
      "--endpoint",
      setup.url,
      "--service-account-email",
      setup.serviceAccount,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("第2行「学校代码」：须为10位数字，实际为「123」");
  }, 60_000);

  it("exits 2 on a credit rule that does not add up, naming the fields in Chinese", async () => {
    const county = JSON.parse(readFileSync("sheet-templates/county.json", "utf8"));
    const file = path.join(dir, "county.json");
    writeFileSync(file, JSON.stringify({ ...county, credits: { ...county.credits, perYear: 30 } }));
    const result = await cli([
      "--schools",
      "sheet-templates/examples/huarong-schools.csv",
      "--county",
      file,
      "--endpoint",
      setup.url,
      "--service-account-email",
      setup.serviceAccount,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "credits.perYear（每年 30 学分）× credits.cycleYears（5 年）= 150，而 credits.perCycle（每周期）为 360",
    );
  }, 60_000);

  it("exits 2 on flags it cannot use, saying what was expected", async () => {
    const result = await cli(["--schools", "missing.csv", "--endpoint", "ftp://x", "--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("不认识的参数「--bogus」");
    const more = await cli(["--schools", "missing.csv", "--endpoint", "ftp://x"]);
    expect(more.stderr).toContain("--schools：应为存在的文件，找不到「missing.csv」");
    expect(more.stderr).toContain(
      "--endpoint：应为 http:// 或 https:// 开头的地址，实际为「ftp://x」",
    );
  }, 60_000);
});
