/**
 * Required-column marks and status colours end to end: provisioning through googleapis into the
 * emulator, read back the way anyone reads a spreadsheet (spreadsheets.get with grid data), a
 * re-run that writes nothing, and a re-run that restores what a person changed while leaving a
 * conditional rule of their own alone.
 */
import { readFileSync } from "node:fs";
import type { sheets_v4 } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { MARK_COLOURS } from "../../src/core/provision/header-marks";
import { TONE_COLOURS } from "../../src/core/provision/status-colours";
import { REVIEW_STATE_LABELS, REVIEW_STATES } from "../../src/core/review/states";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";
import { type Setup, setUp } from "./emulator-setup";

const parsed = parseSchoolsCsv(
  readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8"),
  shippedTemplates.codeTables,
);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;

let setup: Setup;
let spreadsheetId: string;

const run = () =>
  provision({
    clients: setup.admin,
    schools: [PRIMARY],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

const schoolOutcome = (entries: Provisioned[]) => {
  const entry = entries.find((e) => e.kind === "school");
  if (!entry?.outcome.ok) throw new Error("school not provisioned");
  return entry.outcome;
};

/** 基本信息 as anyone reads it: row 1's cells and the tab's conditional rules. */
async function readBasic() {
  const { data } = await setup.admin.sheets.spreadsheets.get({
    spreadsheetId,
    ranges: ["'基本信息'!1:1"],
    includeGridData: true,
    fields:
      "sheets(properties(sheetId,title),conditionalFormats,data.rowData.values(formattedValue,note,userEnteredFormat.textFormat))",
  });
  const sheet = data.sheets?.[0] as sheets_v4.Schema$Sheet;
  const cells = sheet.data?.[0]?.rowData?.[0]?.values ?? [];
  const at = (header: string) => cells.findIndex((c) => c.formattedValue === header);
  return { sheet, cells, at, rules: sheet.conditionalFormats ?? [] };
}

const byte = (n: number | null | undefined) => Math.round((n ?? 0) * 255);
const rgbOf = (c: sheets_v4.Schema$Color | null | undefined) =>
  c ? [byte(c.red), byte(c.green), byte(c.blue)] : undefined;
const expected = (c: { red: number; green: number; blue: number }) => rgbOf(c);

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  await setup.resetStats();
  spreadsheetId = schoolOutcome(await run()).spreadsheetId;
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("a school spreadsheet provisioned through googleapis", () => {
  it("costs one batchUpdate per spreadsheet: the marks and colours ride in it", async () => {
    const { byMethod } = await setup.stats();
    // The school's, its account spreadsheet, the county's recheck and summary.
    expect(byMethod["sheets.spreadsheets.batchUpdate"]).toBe(4);
  });

  it("shows required headers in red, conditional ones in orange, text and notes as the template", async () => {
    const { cells, at } = await readBasic();
    const name = cells[at("姓名")];
    expect(name?.formattedValue).toBe("姓名");
    expect(name?.note).toMatch(/^必填。/);
    expect(rgbOf(name?.userEnteredFormat?.textFormat?.foregroundColor)).toEqual(
      expected(MARK_COLOURS.required),
    );
    expect(name?.userEnteredFormat?.textFormat?.bold).toBe(true);
    const ethnicity = cells[at("民族")];
    expect(ethnicity?.note).toBe(
      "条件必填：「国籍/地区」为“中国”时须填写。国籍为中国时必填，如汉族",
    );
    expect(rgbOf(ethnicity?.userEnteredFormat?.textFormat?.foregroundColor)).toEqual(
      expected(MARK_COLOURS.conditional),
    );
    expect(cells[at("曾用名")]?.userEnteredFormat?.textFormat?.foregroundColor).toBeUndefined();
  });

  it("colours 审核状态 by state with one TEXT_EQ rule per state, from row 2", async () => {
    const { sheet, at, rules } = await readBasic();
    const column = at("审核状态");
    expect(rules.map((r) => r.booleanRule?.condition?.values?.[0]?.userEnteredValue)).toEqual(
      REVIEW_STATES.map((s) => REVIEW_STATE_LABELS[s]),
    );
    for (const rule of rules) {
      expect(rule.booleanRule?.condition?.type).toBe("TEXT_EQ");
      expect(rule.ranges).toHaveLength(1);
      expect(rule.ranges?.[0]).toMatchObject({
        sheetId: sheet.properties?.sheetId,
        startRowIndex: 1,
        startColumnIndex: column,
        endColumnIndex: column + 1,
      });
    }
    const background = (label: string) =>
      rgbOf(
        rules.find((r) => r.booleanRule?.condition?.values?.[0]?.userEnteredValue === label)
          ?.booleanRule?.format?.backgroundColor,
      );
    expect(background("待完善")).toEqual(expected(TONE_COLOURS.fix));
    expect(background("已生效")).toEqual(expected(TONE_COLOURS.done));
  });

  it("is left alone by a re-run: only reads reach the emulator", async () => {
    await setup.resetStats();
    expect(schoolOutcome(await run()).result).toBe("unchanged");
    const methods = Object.keys((await setup.stats()).byMethod).sort();
    expect(methods).toEqual(["drive.files.list", "sheets.spreadsheets.get"]);
  }, 120_000);
});

describe("a re-run after a person changed the colours", () => {
  it("restores the header and the planner's rules, and keeps the person's own rule", async () => {
    const { sheet, at, rules } = await readBasic();
    const sheetId = sheet.properties?.sheetId as number;
    const column = at("审核状态");
    const mine: sheets_v4.Schema$ConditionalFormatRule = {
      ranges: [{ sheetId, startRowIndex: 1, startColumnIndex: column, endColumnIndex: column + 1 }],
      booleanRule: {
        condition: { type: "TEXT_CONTAINS", values: [{ userEnteredValue: "退回" }] },
        format: { textFormat: { bold: true } },
      },
    };
    await setup.admin.sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          {
            repeatCell: {
              range: {
                sheetId,
                startRowIndex: 0,
                endRowIndex: 1,
                startColumnIndex: at("姓名"),
                endColumnIndex: at("姓名") + 1,
              },
              cell: { userEnteredFormat: { textFormat: { foregroundColor: { blue: 1 } } } },
              fields: "userEnteredFormat.textFormat(foregroundColor,foregroundColorStyle)",
            },
          },
          { deleteConditionalFormatRule: { sheetId, index: 2 } },
          { addConditionalFormatRule: { rule: mine, index: 0 } },
        ],
      },
    });
    expect(rules).toHaveLength(REVIEW_STATES.length);

    const outcome = schoolOutcome(await run());
    expect(outcome.result).toBe("completed");
    expect(outcome.changes).toEqual([
      { kind: "markHeader", target: "基本信息", detail: "姓名" },
      { kind: "colourStates", target: "基本信息", detail: "审核状态" },
    ]);
    const after = await readBasic();
    expect(rgbOf(after.cells[at("姓名")]?.userEnteredFormat?.textFormat?.foregroundColor)).toEqual(
      expected(MARK_COLOURS.required),
    );
    expect(after.cells[at("姓名")]?.formattedValue).toBe("姓名");
    const labels = after.rules.map((r) => r.booleanRule?.condition?.values?.[0]?.userEnteredValue);
    expect(labels).toEqual([...REVIEW_STATES.map((s) => REVIEW_STATE_LABELS[s]), "退回"]);
    expect(after.rules.at(-1)).toEqual(mine);
    expect(schoolOutcome(await run()).result).toBe("unchanged");
  }, 180_000);
});
