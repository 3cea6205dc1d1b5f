import { env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertSchools } from "../../src/adapters/store/registry";
import { app } from "../../src/app";
import { OVERVIEW_HEADERS } from "../../src/core/reports/overview";
import {
  HISTORY_HEADERS,
  MATRIX_ROW,
  PROGRESS_LEAD_HEADERS,
} from "../../src/core/reports/progress";
import { STATISTICS_HEADERS } from "../../src/core/reports/statistics";
import type { SummaryBody } from "../../src/routes/summary";
import { envFor, registerServiceAccount } from "./support/emulator";

const AUTH = { authorization: "Bearer test-admin-token" };
/** Names a county list could carry, written to look like formulas and to need CSV quoting. */
const TRAP = { code: "4306230091", name: '=HYPERLINK("http://x.example/?a=1","点我")' };
const PLAIN = { code: "4306230092", name: "华容县导出测试小学" };

const get = (path: string, headers: Record<string, string> = AUTH) =>
  app.request(path, { headers }, env);

beforeAll(async () => {
  await upsertSchools(env.DB, [
    { ...TRAP, category: "primary_secondary", township: "@章华镇", spreadsheetId: null },
    { ...PLAIN, category: "kindergarten", township: "-治河渡镇", spreadsheetId: null },
  ]);
});

async function overviewRows(): Promise<SummaryBody["tabs"][number]["rows"]> {
  const res = await get("/api/summary");
  expect(res.status).toBe(200);
  const body = (await res.json()) as SummaryBody;
  return body.tabs[0]?.rows ?? [];
}

describe("summary exports", () => {
  it("need the admin token", async () => {
    for (const path of ["/api/summary", "/api/summary.csv", "/api/summary.xlsx"])
      expect((await get(path, {})).status).toBe(401);
    const build = await app.request("/api/summary/build", { method: "POST" }, env);
    expect(build.status).toBe(401);
  });

  it("GET /api/summary: the tabs, as the summary spreadsheet lays them out", async () => {
    const body = (await (await get("/api/summary")).json()) as SummaryBody;
    expect(body.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.tabs.map((tab) => tab.title)).toEqual([
      "总览",
      "进度",
      "统计",
      "学分",
      "学分台账",
      "业务台账",
    ]);
    const [overview, progress, statistics] = body.tabs;
    expect(overview?.rows[0]).toEqual(OVERVIEW_HEADERS);
    expect(overview?.rows.slice(1).map((row) => row[0])).toEqual([
      "全县合计",
      ...[TRAP.code, PLAIN.code].sort(),
    ]);
    const header = progress?.rows[MATRIX_ROW] ?? [];
    expect(header.slice(0, PROGRESS_LEAD_HEADERS.length)).toEqual(PROGRESS_LEAD_HEADERS);
    // Today's history row sits right of the blocks, as the build writes it.
    const at = (progress?.rows[0] ?? []).indexOf("日期");
    expect(progress?.rows[0]?.slice(at)).toEqual(HISTORY_HEADERS);
    expect(progress?.rows[1]?.[at]).toBe(body.day);
    expect(statistics?.rows[0]).toEqual(STATISTICS_HEADERS);
    expect(JSON.stringify(body)).not.toMatch(/\d{6}\*+|\d{17}[\dX]|1\d{10}/);
  });

  it("GET /api/summary.csv: BOM, RFC 4180 quoting, formula-looking cells kept as text", async () => {
    const res = await get("/api/summary.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("华容县教师信息汇总-总览-")}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(OVERVIEW_HEADERS.join(","));
    const trap = lines.find((line) => line.startsWith(TRAP.code)) ?? "";
    expect(trap).toContain(`,"'=HYPERLINK(""http://x.example/?a=1"",""点我"")",'@章华镇,中小学,0,`);
    const plain = lines.find((line) => line.startsWith(PLAIN.code)) ?? "";
    expect(plain).toContain(`,${PLAIN.name},'-治河渡镇,幼儿园,0,`);
    // Header, county totals, two schools, and the empty string after the last CRLF.
    expect(lines).toHaveLength(5);
  });

  it("GET /api/summary.xlsx: a zip with the SpreadsheetML parts and the 总览 rows", async () => {
    const res = await get("/api/summary.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="summary-[\d-]+\.xlsx"; filename\*=UTF-8''%E5%8D%8E/,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
    ]);
    expect(strFromU8(files["xl/workbook.xml"] as Uint8Array)).toContain('<sheet name="总览"');
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"] as Uint8Array);
    expect(sheet).not.toContain("<f>");
    expect(readSheet(sheet)).toEqual(await overviewRows());
  });

  it("POST /api/summary/build: says what it did (nothing, before a poll finds the sheet)", async () => {
    const sa = await registerServiceAccount("summary-exports");
    const res = await app.request(
      "/api/summary/build",
      { method: "POST", headers: AUTH },
      envFor(sa),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "no_sheet", schools: 0, overdue: 0 });
  });
});

/** The cells of a sheet1.xml as written (inline strings and numbers), row by row. */
function readSheet(xml: string): (string | number)[][] {
  const fromXml = (text: string) =>
    text
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map(([, cells = ""]) =>
    [...cells.matchAll(/<c [^>]*>(?:<is><t[^>]*>(.*?)<\/t><\/is>|<v>(.*?)<\/v>)<\/c>/g)].map(
      ([, text, number]) => (text === undefined ? Number(number) : fromXml(text)),
    ),
  );
}
