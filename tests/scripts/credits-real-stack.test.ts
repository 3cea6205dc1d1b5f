/**
 * 学分确认 through the real stack, as on a fresh clone: the emulator and `wrangler dev` started
 * by scripts/lib/stack.ts, the spreadsheets provisioned, every person acting with googleapis as
 * their own account, the worker reached over HTTP only (POST /api/sync, GET /api/credits). A
 * 国内培训 row added for an effective teacher shows its credits as 待确认 until 教师进修学校
 * confirms them in 学分确认, then they count.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicRow, contactRow, demoPeople } from "../../scripts/demo/people";
import { clientsFor, type GoogleClients } from "../../scripts/lib/emulator-clients";
import { readTab, tickAll, typeRows } from "../../scripts/lib/school-sheet";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { provision } from "../../scripts/provision/provision";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";

const CODE = "4306230002";
let stateDir: string;
let stack: Stack;
let school: School;
let sheet = "";
let recheck = "";

async function sync(): Promise<void> {
  const res = await fetch(`${stack.workerUrl}/api/sync?wait=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  expect(res.status).toBe(200);
  await res.text();
}

interface Line {
  name: string;
  yearCredits: number;
  pending: number;
}

async function ledgerLine(name: string, year: string): Promise<Line | undefined> {
  const res = await fetch(`${stack.workerUrl}/api/credits?year=${year}`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  const body = (await res.json()) as { teachers: Line[] };
  return body.teachers.find((t) => t.name === name);
}

/** An office ticks 复核通过 on every row of a recheck tab. */
async function approveAll(office: GoogleClients, tab: string) {
  const [headers = [], ...rows] = await readTab(office, recheck, tab);
  const col = columnLetters(headers.indexOf("复核通过"));
  await office.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: recheck,
    requestBody: {
      valueInputOption: "RAW",
      data: rows.map((_, i) => ({ range: `'${tab}'!${col}${i + 2}`, values: [[true]] })),
    },
  });
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-credits-"));
  // Google's per-minute quotas off, as in practice: a scenario packs a county's steps into
  // seconds, and waiting out the minute would test nothing here.
  stack = await startStack({
    stateDir,
    emulatorPort: 0,
    workerPort: 0,
    quotas: { enabled: false },
    workerVars: { GOOGLE_REQUESTS_PER_MINUTE: "100000" },
  });
  const csv = await readFile("sheet-templates/examples/huarong-schools.csv", "utf8");
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  const found = parsed.ok ? parsed.value.find((s) => s.code === CODE) : undefined;
  if (found === undefined) throw new Error(`no example school ${CODE}`);
  school = found;
  const admin = await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn");
  const made = await provision({
    clients: admin,
    schools: [school],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: stack.serviceAccountKey.client_email,
  });
  const idOf = (kind: string) => {
    const outcome = made.find((m) => m.kind === kind)?.outcome;
    if (!outcome?.ok) throw new Error(`${kind} not provisioned`);
    return outcome.spreadsheetId;
  };
  sheet = idOf("school");
  recheck = idOf("recheck");
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe("a 国内培训 row for an effective teacher, through the real stack", () => {
  it("is 待确认 until 教师进修学校 confirms it in 学分确认, then counts", async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4);
    const [person] = demoPeople(1, 2019);
    if (person === undefined) throw new Error("no demo person");
    const entry = await clientsFor(stack.emulatorUrl, school.infoAdmins[0] ?? "");
    const principal = await clientsFor(stack.emulatorUrl, school.principals[0] ?? "");
    const personnel = await clientsFor(stack.emulatorUrl, "renshi@hrjy.example.cn");
    const jinxiu = await clientsFor(stack.emulatorUrl, "jinxiu@hrjy.example.cn");

    // The teacher made effective: entered, ticked, confirmed by 人事股.
    await typeRows(entry, sheet, "基本信息", [basicRow(person, school.category)]);
    await typeRows(entry, sheet, "联系方式", [contactRow(person)]);
    await sync();
    for (const tab of ["基本信息", "联系方式"]) await tickAll(principal, sheet, tab);
    await sync();
    for (const tab of ["基本信息", "联系方式"]) await approveAll(personnel, tab);
    await sync();

    // A 国内培训 row added afterwards takes effect on the principal's tick alone.
    await typeRows(entry, sheet, "国内培训", [
      {
        姓名: person.name,
        身份证件号: `'${person.idNumber}`,
        培训年度: year,
        培训类别: "校本研修",
        培训项目名称: "师德师风专题培训",
        培训方式: "集中面授",
        培训获得学时: "24",
        培训获得学分: "24",
      },
    ]);
    await sync();
    await tickAll(principal, sheet, "国内培训");
    await sync();
    const [headers = [], row = []] = await readTab(principal, sheet, "国内培训");
    expect(row[headers.indexOf("审核状态")]).toBe("已生效");
    expect(await ledgerLine(person.name, year)).toMatchObject({ yearCredits: 0, pending: 24 });

    const [confirmHeaders = [], shown = []] = await readTab(jinxiu, recheck, "学分确认");
    expect(shown[confirmHeaders.indexOf("姓名")]).toBe(person.name);
    expect(shown[confirmHeaders.indexOf("办理状态")]).toMatch(/^待确认/);
    // 人事股 cannot decide there; 教师进修学校 can.
    const decision = `'学分确认'!${columnLetters(confirmHeaders.indexOf("决定"))}2`;
    const write = (who: GoogleClients) =>
      who.sheets.spreadsheets.values.update({
        spreadsheetId: recheck,
        range: decision,
        valueInputOption: "RAW",
        requestBody: { values: [["确认"]] },
      });
    await expect(write(personnel)).rejects.toMatchObject({ status: 403 });
    await write(jinxiu);
    await sync();
    expect(await ledgerLine(person.name, year)).toMatchObject({ yearCredits: 24, pending: 0 });
    const [, after = []] = await readTab(jinxiu, recheck, "学分确认");
    expect(after[confirmHeaders.indexOf("办理状态")]).toBe("已确认，学分计入学分台账");
  }, 240_000);
});
