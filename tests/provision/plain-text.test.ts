/**
 * Long numbers typed into a provisioned school spreadsheet, end to end through googleapis and
 * the emulator with valueInputOption USER_ENTERED (what a person typing does): the columns the
 * templates mark `plainText` keep an 18-digit ID number exactly as typed, and a re-run of
 * provisioning fixes a spreadsheet provisioned before the format existed, keeping its values.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School, type Templates } from "../../src/core/templates/index";
import { residentId } from "../core/validate/fixture";
import { type Setup, setUp } from "./emulator-setup";

const parsed = parseSchoolsCsv(
  readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8"),
  shippedTemplates.codeTables,
);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;
/** A school whose spreadsheet was provisioned by a version without plain-text columns. */
const OLDER: School = { ...PRIMARY, code: "4306230097", name: "华容县旧版模板小学" };

const ID = residentId("19850601", "011");
const QUALIFICATION = "20074306231000123";

let setup: Setup;

const run = (schools: readonly School[], templates: Templates) =>
  provision({
    clients: setup.admin,
    schools,
    templates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

function spreadsheetOf(entries: Provisioned[], school: School): string {
  const entry = entries.find((e) => e.school?.code === school.code);
  if (!entry?.outcome.ok) throw new Error(`${school.name} not provisioned`);
  return entry.outcome.spreadsheetId;
}

/** The shipped templates as they were before columns carried `plainText`. */
function withoutPlainText(templates: Templates): Templates {
  const categories = Object.fromEntries(
    Object.entries(templates.categories).map(([key, category]) => [
      key,
      {
        ...category,
        sections: category.sections.map((section) => ({
          ...section,
          columns: section.columns.map(({ plainText: _, ...column }) => column),
        })),
      },
    ]),
  ) as unknown as Templates["categories"];
  return { ...templates, categories };
}

/** Types cells the way a school's info admin does: USER_ENTERED, by header. */
async function type(
  spreadsheetId: string,
  tab: string,
  row: number,
  cells: Record<string, string>,
) {
  const sheets = await setup.sheetsAs(PRIMARY.infoAdmins[0] as string);
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId, range: `'${tab}'!1:1` });
  const headers = (data.values?.[0] ?? []) as string[];
  await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: {
      valueInputOption: "USER_ENTERED",
      data: Object.entries(cells).map(([header, value]) => ({
        range: `'${tab}'!${columnLetters(headers.indexOf(header))}${row}`,
        values: [[value]],
      })),
    },
  });
}

/** Rows 2.. of a tab as the worker reads them: UNFORMATTED_VALUE, by header. */
async function rows(spreadsheetId: string, tab: string, ...headers: string[]) {
  const { data } = await setup.admin.sheets.spreadsheets.values.get({
    spreadsheetId,
    range: `'${tab}'`,
    valueRenderOption: "UNFORMATTED_VALUE",
  });
  const [header = [], ...body] = (data.values ?? []) as unknown[][];
  return body.map((row) => headers.map((name) => row[header.indexOf(name)]));
}

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
}, 60_000);

afterAll(async () => {
  await setup?.stop();
});

describe("a freshly provisioned school spreadsheet", () => {
  it("keeps an 18-digit ID number and a 17-digit certificate number exactly as typed", async () => {
    const id = spreadsheetOf(await run([PRIMARY], shippedTemplates), PRIMARY);
    await type(id, "基本信息", 2, { 姓名: "张伟", 身份证件号: ID, 出生日期: "1985-06-01" });
    await type(id, "教师资格", 2, { 身份证件号: ID, 教师资格证号码: QUALIFICATION });
    await type(id, "联系方式", 2, { 身份证件号: ID, 邮政编码: "010000" });
    // 出生日期 is not plain text: a typed date still becomes a date serial.
    expect(await rows(id, "基本信息", "姓名", "身份证件号", "出生日期")).toEqual([
      ["张伟", ID, 31199],
    ]);
    expect(await rows(id, "教师资格", "身份证件号", "教师资格证号码")).toEqual([
      [ID, QUALIFICATION],
    ]);
    expect(await rows(id, "联系方式", "身份证件号", "邮政编码")).toEqual([[ID, "010000"]]);
  }, 120_000);
});

describe("re-running provisioning on a spreadsheet provisioned without the format", () => {
  it("formats the long-number columns, keeps every value, and typing is exact from then on", async () => {
    const id = spreadsheetOf(await run([OLDER], withoutPlainText(shippedTemplates)), OLDER);
    await type(id, "基本信息", 2, { 姓名: "张伟", 身份证件号: ID });
    const before = await rows(id, "基本信息", "姓名", "身份证件号");
    // Without the format the typed ID became a float: the bug this fixes.
    expect(before).toEqual([["张伟", Number(ID)]]);

    const again = await run([OLDER], shippedTemplates);
    const outcome = again.find((e) => e.school?.code === OLDER.code)?.outcome;
    expect(outcome).toMatchObject({ ok: true, result: "completed" });
    const changes = outcome?.ok ? outcome.changes : [];
    expect(new Set(changes.map((c) => c.kind))).toEqual(new Set(["setPlainText"]));
    expect(changes).toContainEqual({
      kind: "setPlainText",
      target: "基本信息",
      detail: "身份证件号",
    });
    expect(await rows(id, "基本信息", "姓名", "身份证件号")).toEqual(before);

    await type(id, "基本信息", 3, { 姓名: "李娜", 身份证件号: residentId("19900915", "022") });
    expect(await rows(id, "基本信息", "姓名", "身份证件号")).toEqual([
      ...before,
      ["李娜", residentId("19900915", "022")],
    ]);
    const third = await run([OLDER], shippedTemplates);
    expect(third.find((e) => e.school?.code === OLDER.code)?.outcome).toMatchObject({
      ok: true,
      result: "unchanged",
    });
  }, 180_000);
});
