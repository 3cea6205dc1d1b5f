/**
 * The request tabs' trailing columns as issue 11 lays them out (本校确认 · 不同意原因 · 申请编号 ·
 * 办理状态 · 校验结果 · 同步时间), given to a spreadsheet provisioned with the earlier layout
 * (本校确认 · 办理状态 · 校验结果 · 记录编号 · 同步时间) by a re-run: through googleapis against the
 * emulator, with values typed in every column before the re-run.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import {
  parseSchoolsCsv,
  type School,
  type Templates,
  templateFor,
} from "../../src/core/templates/index";
import { type Setup, setUp } from "./emulator-setup";
import { toTemplateOrder } from "./template-order";

const csv = readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8");
const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
if (!parsed.ok) throw new Error("example CSV does not parse");
const PRIMARY = parsed.value.find((s) => s.code === "4306230002") as School;

const OLD_REQUEST_TRAILING = [
  { key: "confirmation", header: "本校确认", kind: "checkbox", owner: "principal", note: "旧" },
  { key: "requestStatus", header: "办理状态", kind: "text", owner: "worker", note: "旧" },
  { key: "checkResult", header: "校验结果", kind: "text", owner: "worker", note: "旧" },
  { key: "recordId", header: "记录编号", kind: "text", owner: "worker", note: "旧" },
  { key: "syncedAt", header: "同步时间", kind: "text", owner: "worker", note: "旧" },
] as const;

/** The shipped templates with the request tabs' trailing columns as the earlier layout had them. */
function withOldRequestColumns(templates: Templates): Templates {
  const categories = Object.fromEntries(
    Object.entries(templates.categories).map(([key, category]) => [
      key,
      {
        ...category,
        sections: category.sections.map((section) =>
          section.kind === "request"
            ? { ...section, trailingColumns: OLD_REQUEST_TRAILING }
            : section,
        ),
      },
    ]),
  ) as unknown as Templates["categories"];
  return { ...templates, categories };
}

let setup: Setup;
let spreadsheetId: string;

const run = (templates: Templates): Promise<Provisioned[]> =>
  provision({
    clients: setup.admin,
    schools: [PRIMARY],
    templates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

async function requestTab(title: string) {
  const { data } = await setup.admin.sheets.spreadsheets.get({
    spreadsheetId,
    ranges: [`'${title}'!1:2`],
    includeGridData: true,
  });
  const sheet = data.sheets?.[0];
  const [header = [], second = []] = (sheet?.data?.[0]?.rowData ?? []).map((r) => r.values ?? []);
  const headers = header.map((c) => c.formattedValue ?? "");
  const column = (name: string) => headers.indexOf(name);
  return {
    headers,
    row2: second.map((c) => c.formattedValue ?? ""),
    note: (name: string) => header[column(name)]?.note,
    validation: (name: string) => second[column(name)]?.dataValidation?.condition?.type,
    protections: (name: string) =>
      (sheet?.protectedRanges ?? []).filter(
        (p) =>
          p.range?.startColumnIndex === column(name) &&
          p.range?.endColumnIndex === column(name) + 1,
      ),
  };
}

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  const first = await run(withOldRequestColumns(shippedTemplates));
  const school = first.find((e) => e.kind === "school");
  if (!school?.outcome.ok) throw new Error("not provisioned");
  spreadsheetId = school.outcome.spreadsheetId;
  // Laid out as back then: the template's order, no pinned columns in front (issue 22).
  const old = templateFor(withOldRequestColumns(shippedTemplates), PRIMARY.category);
  await toTemplateOrder(setup.admin.sheets, spreadsheetId, old);
}, 120_000);

afterAll(async () => {
  await setup?.stop();
});

describe("a spreadsheet provisioned with the earlier request columns", () => {
  it("gets 不同意原因 and 申请编号 on a re-run, every typed value kept", async () => {
    const before = await requestTab("调动申请");
    expect(before.headers.slice(-5)).toEqual(OLD_REQUEST_TRAILING.map((c) => c.header));
    const row = before.headers.map((header, index) => {
      if (header === "本校确认") return true;
      return `值${index}`;
    });
    await setup.admin.sheets.spreadsheets.values.update({
      spreadsheetId,
      range: "'调动申请'!A2",
      valueInputOption: "RAW",
      requestBody: { values: [row] },
    });

    const rerun = await run(shippedTemplates);
    expect(rerun.find((e) => e.kind === "school")?.outcome).toMatchObject({
      ok: true,
      result: "completed",
      changes: expect.arrayContaining([
        { kind: "renameColumn", target: "调动申请", detail: "申请编号" },
        { kind: "moveColumn", target: "调动申请", detail: "办理状态" },
        { kind: "addColumn", target: "调动申请", detail: "不同意原因" },
        { kind: "addColumn", target: "调动申请", detail: "调档完成" },
        { kind: "renameColumn", target: "在职情况变动", detail: "申请编号" },
        { kind: "addColumn", target: "交流轮岗申请", detail: "不同意原因" },
      ]),
    });

    const after = await requestTab("调动申请");
    // In place: the old 记录编号 column is now 申请编号; 办理状态 and 校验结果 moved after the
    // person (issue 22); 不同意原因 and 调档完成 go after the last header.
    expect(after.headers.slice(0, 4)).toEqual(["姓名", "身份证件号", "办理状态", "校验结果"]);
    expect(after.headers.slice(-5)).toEqual([
      "本校确认",
      "申请编号",
      "同步时间",
      "不同意原因",
      "调档完成",
    ]);
    expect(after.headers).not.toContain("记录编号");
    // Every typed value under its header (记录编号's under its new name).
    const was = Object.fromEntries(
      before.headers.map((h, i) => [h === "记录编号" ? "申请编号" : h, row[i]]),
    );
    const now = Object.fromEntries(
      after.headers.flatMap((h, i) => (h in was ? [[h, after.row2[i]]] : [])),
    );
    expect(now).toEqual(
      Object.fromEntries(Object.entries(was).map(([h, v]) => [h, v === true ? "TRUE" : v])),
    );
    expect(after.note("申请编号")).toBe("系统填写，请勿修改或复制");
    expect(after.note("不同意原因")).toContain("不同意");
    expect(after.validation("本校确认")).toBe("BOOLEAN");
    expect(after.validation("不同意原因")).toBeUndefined();
    // 调档完成: a principal's checkbox, protected like 本校确认.
    expect(after.validation("调档完成")).toBe("BOOLEAN");
    expect(after.protections("调档完成")).toHaveLength(1);
    // One protection per column, keyed by the new header; the principal may fill 不同意原因.
    expect(after.protections("申请编号").map((p) => p.description)).toEqual([
      "「申请编号」列：仅系统填写 [tmis:column:申请编号]",
    ]);
    const refusal = after.protections("不同意原因");
    expect(refusal).toHaveLength(1);
    expect(refusal[0]?.editors?.users).toEqual(
      expect.arrayContaining([PRIMARY.principals[0], setup.serviceAccount]),
    );
    expect(refusal[0]?.editors?.users).not.toContain(PRIMARY.infoAdmins[0]);

    const again = await run(shippedTemplates);
    expect(again.every((e) => e.outcome.ok && e.outcome.result === "unchanged")).toBe(true);
  }, 120_000);

  it("lets the principal, and not the info admin, write 不同意原因", async () => {
    const { headers } = await requestTab("调动申请");
    const at = headers.indexOf("不同意原因");
    const range = `'调动申请'!${columnLetters(at)}3`;
    const write = async (email: string) => {
      const sheets = await setup.sheetsAs(email);
      try {
        await sheets.spreadsheets.values.update({
          spreadsheetId,
          range,
          valueInputOption: "RAW",
          requestBody: { values: [["编制已满"]] },
        });
        return 200;
      } catch (error) {
        return (error as { status?: number }).status;
      }
    };
    expect(await write(PRIMARY.infoAdmins[0] as string)).toBe(403);
    expect(await write(PRIMARY.principals[0] as string)).toBe(200);
  }, 60_000);
});
