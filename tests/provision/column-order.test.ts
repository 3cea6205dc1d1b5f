/**
 * Issue 22 through googleapis against the emulator: a school spreadsheet laid out in the
 * template's order (as provisioning made them before), full of data, gets 姓名, 身份证件号,
 * 审核状态 and 校验结果 moved to its first columns and frozen by a provisioning re-run; every
 * value, note, dropdown and protection stays with its column, and a further run writes nothing.
 */
import { readFileSync } from "node:fs";
import type { sheets_v4 } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School, templateFor } from "../../src/core/templates/index";
import { type Setup, setUp } from "./emulator-setup";
import { templateHeaders, toTemplateOrder } from "./template-order";

const csv = readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8");
const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;
const sections = templateFor(shippedTemplates, PRIMARY.category);
const CHECKBOXES = new Set(["校长审核", "本校确认", "调档完成"]);

let setup: Setup;
let spreadsheetId: string;
/** Tab → rows 2 and 3 as typed, header → value. */
const typed = new Map<string, Record<string, string>[]>();

const run = (): Promise<Provisioned[]> =>
  provision({
    clients: setup.admin,
    schools: [PRIMARY],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

const schoolOutcome = (entries: Provisioned[]) => entries.find((e) => e.kind === "school")?.outcome;

/** What a cell holds in a filled row: the approval ticked, the worker's status, typed text. */
function valueFor(header: string, row: number): string | boolean {
  if (CHECKBOXES.has(header)) return row === 2;
  if (header === "身份证件号") return `43062319800101123${row}`;
  if (header === "审核状态" || header === "办理状态") return row === 2 ? "已审核" : "待完善";
  return `${header}·${row}`;
}

async function tabValues(sheets: sheets_v4.Sheets, title: string) {
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId, range: `'${title}'` });
  const [headers = [], ...rows] = (data.values ?? []) as string[][];
  return {
    headers,
    rows: rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""]))),
  };
}

async function structure() {
  const { data } = await setup.admin.sheets.spreadsheets.get({
    spreadsheetId,
    ranges: sections.map((s) => `'${s.title}'!1:2`),
    includeGridData: true,
  });
  return data.sheets ?? [];
}

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  const first = await run();
  const outcome = schoolOutcome(first);
  if (!outcome?.ok) throw new Error("not provisioned");
  spreadsheetId = outcome.spreadsheetId;
  const sheets = setup.admin.sheets;
  await toTemplateOrder(sheets, spreadsheetId, sections);
  // Rows typed, ticked and given statuses by the owner, who may write every column.
  const data = sections.map((section) => {
    const headers = templateHeaders(section);
    const rows = [2, 3].map((row) => headers.map((h) => valueFor(h, row)));
    typed.set(
      section.title,
      rows.map((row) =>
        Object.fromEntries(
          headers.map((h, i) => [
            h,
            row[i] === true ? "TRUE" : row[i] === false ? "FALSE" : String(row[i]),
          ]),
        ),
      ),
    );
    return { range: `'${section.title}'!A2`, values: rows };
  });
  await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: { valueInputOption: "RAW", data },
  });
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("a school spreadsheet in the template's order, re-provisioned", () => {
  let rerun: Provisioned[];
  let before: Awaited<ReturnType<typeof tabValues>>;

  beforeAll(async () => {
    before = await tabValues(setup.admin.sheets, "基本信息");
    rerun = await run();
  }, 300_000);

  it("was in the old order, with 审核状态 and 校验结果 at AK and AL", () => {
    expect(before.headers).toEqual(templateHeaders(sections[0] as (typeof sections)[number]));
    expect(columnLetters(before.headers.indexOf("审核状态"))).toBe("AK");
    expect(columnLetters(before.headers.indexOf("校验结果"))).toBe("AL");
  });

  it("moves the pinned columns of every tab and freezes them", async () => {
    expect(schoolOutcome(rerun)).toMatchObject({
      ok: true,
      result: "completed",
      changes: expect.arrayContaining([
        { kind: "moveColumn", target: "基本信息", detail: "身份证件号" },
        { kind: "moveColumn", target: "基本信息", detail: "审核状态" },
        { kind: "moveColumn", target: "调动申请", detail: "办理状态" },
        { kind: "freeze", target: "联系方式" },
      ]),
    });
    for (const sheet of await structure()) {
      const grid = sheet.properties?.gridProperties;
      expect([sheet.properties?.title, grid?.frozenRowCount, grid?.frozenColumnCount]).toEqual([
        sheet.properties?.title,
        1,
        4,
      ]);
    }
  });

  it("keeps every value of every tab under its header, nothing lost", async () => {
    for (const section of sections) {
      const now = await tabValues(setup.admin.sheets, section.title);
      const status = section.kind === "request" ? "办理状态" : "审核状态";
      expect(now.headers.slice(0, 4)).toEqual(["姓名", "身份证件号", status, "校验结果"]);
      expect(now.rows).toEqual(typed.get(section.title));
    }
  });

  it("keeps dropdowns and notes with their columns", async () => {
    const basic = (await structure()).find((s) => s.properties?.title === "基本信息");
    const [header = [], second = []] = (basic?.data?.[0]?.rowData ?? []).map((r) => r.values ?? []);
    const at = (h: string) => header.findIndex((c) => c.formattedValue === h);
    expect(second[at("性别")]?.dataValidation?.condition?.type).toBe("ONE_OF_LIST");
    expect(second[at("校长审核")]?.dataValidation?.condition?.type).toBe("BOOLEAN");
    expect(second[at("审核状态")]?.dataValidation).toBeUndefined();
    expect(second[at("身份证件号")]?.userEnteredFormat?.numberFormat?.type).toBe("TEXT");
    expect(header[at("校验结果")]?.note).toContain("系统填写");
    expect(header[at("姓名")]?.note).not.toContain("系统填写");
  });

  it("keeps the status columns protected where they now are", async () => {
    const basic = (await structure()).find((s) => s.properties?.title === "基本信息");
    const ranges = basic?.protectedRanges ?? [];
    const columnOf = (key: string) =>
      ranges.find((p) => p.description?.endsWith(`[tmis:${key}]`))?.range?.startColumnIndex;
    expect(columnOf("column:审核状态")).toBe(2);
    expect(columnOf("column:校验结果")).toBe(3);
    const info = await setup.sheetsAs(PRIMARY.infoAdmins[0] as string);
    const write = (sheets: sheets_v4.Sheets, range: string, value: string | boolean) =>
      sheets.spreadsheets.values.update({
        spreadsheetId,
        range: `'基本信息'!${range}`,
        valueInputOption: "RAW",
        requestBody: { values: [[value]] },
      });
    await expect(write(info, "C2", "已审核")).rejects.toMatchObject({ status: 403 });
    await expect(write(info, "D2", "")).rejects.toMatchObject({ status: 403 });
    // The info admin still types in the data columns, 姓名 and 身份证件号 included.
    await write(info, "A3", "李四");
    await write(info, "B3", "430623198001011239");
    const now = await tabValues(setup.admin.sheets, "基本信息");
    const tick = columnLetters(now.headers.indexOf("校长审核"));
    expect(tick).toBe("AL");
    await expect(write(info, `${tick}3`, true)).rejects.toMatchObject({ status: 403 });
    const principal = await setup.sheetsAs(PRIMARY.principals[0] as string);
    await write(principal, `${tick}3`, true);
  });

  it("writes nothing on a further run", async () => {
    await setup.resetStats();
    const again = await run();
    expect(again.every((e) => e.outcome.ok && e.outcome.result === "unchanged")).toBe(true);
    const methods = Object.keys((await setup.stats()).byMethod);
    expect(methods.sort()).toEqual(["drive.files.list", "sheets.spreadsheets.get"]);
  }, 120_000);
});
