/**
 * Issue 18's Done-means scenario on the real stack (the emulator and `wrangler dev`, as `npm run
 * demo` starts it): every person through googleapis as their own account, the worker over HTTP
 * (`POST /api/sync`, and its cron through miniflare's scheduled handler with the clock set to a
 * later day, as `npm start`'s cron calls it).
 * - A rotation, agreed by its 交流学校 and approved today with a planned end, stays 已生效 after
 *   each school's next two syncs.
 * - A transfer completes only after the receiving school's principal ticks 调档完成: until then
 *   the teacher stays on the sending school's roster.
 * - A retirement dated a month ahead keeps the teacher on the roster until its date, and the
 *   worker's cron on that date takes them off (`datedRetirementDemo`, the demo's own step).
 * - A transfer from a primary school to the vocational school (another template) leaves every
 *   record of the teacher 已生效, through two more syncs of both schools, asking for the fields
 *   the vocational template requires.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DemoTools,
  datedRetirementDemo,
  tickArchived,
} from "../../scripts/demo/business-dates";
import { basicRow, contactRow, type DemoPerson, demoPeople } from "../../scripts/demo/people";
import { requestSteps } from "../../scripts/demo/requests";
import { workerJson } from "../../scripts/demo/worker-api";
import { clientsFor, type GoogleClients } from "../../scripts/lib/emulator-clients";
import { readTab, tickAll, typeRows } from "../../scripts/lib/school-sheet";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { provision } from "../../scripts/provision/provision";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";

const ROOT = path.resolve(import.meta.dirname, "../..");
/**
 * Two primary schools of the example county (the teacher's school and the other party) and the
 * vocational school, whose template differs.
 */
const CODES = ["4306230002", "4306230007", "4306230003"];

let stack: Stack;
let stateDir: string;
let home: School;
let away: School;
let voc: School;
const sheet = { home: "", away: "", voc: "", recheck: "" };
let admin: GoogleClients;
let personnel: GoogleClients;
const staff: Record<
  "homeEntry" | "homeHead" | "awayEntry" | "awayHead" | "vocEntry" | "vocHead",
  GoogleClients
> = {} as never;
let people: DemoPerson[];

const api = <T>(method: string, route: string) => workerJson<T>(stack, method, route);

const syncNow = async () => {
  await api("POST", "/api/sync?wait=1");
};

/** The demo's own request steps, syncing every half second while a step lands. */
const steps = requestSteps({ sync: syncNow, pauseMs: 500 });
const { typeRequest, confirmRequest, decideRequest, requestRows, waitUntil } = steps;

const tools = (): DemoTools => ({ ...steps, workerUrl: stack.workerUrl, syncNow });

/** 人事股 复核通过 on every open row of a county recheck tab. */
async function passAll(tab: string) {
  const [headers = [], ...rows] = await readTab(personnel, sheet.recheck, tab);
  const at = headers.indexOf("复核通过");
  const data = rows
    .map((row, i) => ({ row, n: i + 2 }))
    .filter(({ row }) => !row[at] || row[at] === "FALSE")
    .map(({ n }) => ({ range: `'${tab}'!${columnLetters(at)}${n}`, values: [[true]] }));
  if (data.length === 0) return;
  await personnel.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: sheet.recheck,
    requestBody: { valueInputOption: "RAW", data },
  });
}

/**
 * One ordinary sync of a school: its spreadsheet changes (the county admin writes a header cell
 * back as it reads, a new version with nothing new in it), and the poll syncs it.
 */
async function touch(id: string) {
  const [header = []] = await readTab(admin, id, "基本信息");
  await admin.sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: "'基本信息'!A1",
    valueInputOption: "RAW",
    requestBody: { values: [[header[0] ?? "姓名"]] },
  });
}

const onRoster = async (id: string, name: string) =>
  (await requestRows(admin, id, "基本信息")).some((row) => row.姓名 === name);

/**
 * A transfer of `mover` from the home school into the school of `to`, typed there by its info
 * admin, taken through each party's step in its own sheet up to 人事股's 确认调出, with a sync
 * after every step but the last: the receiving principal confirms, 人事股 下达调动, the home
 * principal agrees, 人事股 确认调出. Returns that last decision.
 */
async function transferFromHome(
  to: { readonly sheet: string; readonly entry: GoogleClients; readonly head: GoogleClients },
  mover: DemoPerson,
  date: string,
  reason: string,
) {
  await typeRequest(to.entry, to.sheet, "调动申请", {
    姓名: mover.name,
    身份证件号: `'${mover.idNumber}`,
    调动方向: "调入",
    对方学校代码: `'${home.code}`,
    调动日期: date,
    调动原因: reason,
  });
  await syncNow();
  await confirmRequest(to.head, to.sheet, "调动申请", mover.name);
  await syncNow();
  await decideRequest(personnel, sheet.recheck, "调动审批", mover.name, "下达调动");
  await syncNow();
  await confirmRequest(staff.homeHead, sheet.home, "调动申请", mover.name);
  await syncNow();
  return decideRequest(personnel, sheet.recheck, "调动审批", mover.name, "确认调出");
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-business-real-"));
  // Google's quotas off (emulator and the worker's keeper), as in practice: the scenario packs
  // several schools' steps into minutes.
  stack = await startStack({
    stateDir,
    quotas: { enabled: false },
    workerVars: { GOOGLE_REQUESTS_PER_MINUTE: "100000" },
  });
  const csv = await readFile(
    path.join(ROOT, "sheet-templates/examples/huarong-schools.csv"),
    "utf8",
  );
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  if (!parsed.ok) throw new Error("example CSV does not parse");
  [home, away, voc] = CODES.map((code) => parsed.value.find((s) => s.code === code)) as [
    School,
    School,
    School,
  ];
  admin = await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn");
  personnel = await clientsFor(stack.emulatorUrl, "renshi@hrjy.example.cn");
  const made = await provision({
    clients: admin,
    schools: [home, away, voc],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: stack.serviceAccountKey.client_email,
  });
  for (const item of made) {
    if (!item.outcome.ok) throw new Error(`${item.name}: ${item.outcome.error}`);
    if (item.kind === "recheck") sheet.recheck = item.outcome.spreadsheetId;
    if (item.kind === "school" && item.school?.code === home.code)
      sheet.home = item.outcome.spreadsheetId;
    if (item.kind === "school" && item.school?.code === away.code)
      sheet.away = item.outcome.spreadsheetId;
    if (item.kind === "school" && item.school?.code === voc.code)
      sheet.voc = item.outcome.spreadsheetId;
  }
  staff.homeEntry = await clientsFor(stack.emulatorUrl, home.infoAdmins[0] ?? "");
  staff.homeHead = await clientsFor(stack.emulatorUrl, home.principals[0] ?? "");
  staff.awayEntry = await clientsFor(stack.emulatorUrl, away.infoAdmins[0] ?? "");
  staff.awayHead = await clientsFor(stack.emulatorUrl, away.principals[0] ?? "");
  staff.vocEntry = await clientsFor(stack.emulatorUrl, voc.infoAdmins[0] ?? "");
  staff.vocHead = await clientsFor(stack.emulatorUrl, voc.principals[0] ?? "");
  // Four teachers at the home school, in force: typed, ticked by the principal, 复核通过.
  people = demoPeople(4, 2016);
  await typeRows(
    staff.homeEntry,
    sheet.home,
    "基本信息",
    people.map((p) => basicRow(p, home.category)),
  );
  await typeRows(staff.homeEntry, sheet.home, "联系方式", people.map(contactRow));
  await syncNow();
  await tickAll(staff.homeHead, sheet.home, "基本信息");
  await tickAll(staff.homeHead, sheet.home, "联系方式");
  await syncNow();
  await waitUntil("rows on the county recheck sheet", async () => {
    const rows = await readTab(personnel, sheet.recheck, "基本信息");
    return rows.length - 1 >= people.length;
  });
  await passAll("基本信息");
  await passAll("联系方式");
  await waitUntil("every 基本信息 row in force", async () =>
    (await requestRows(admin, sheet.home, "基本信息")).every((row) => row.审核状态 === "已生效"),
  );
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe("business requests through the real stack", { timeout: 300_000 }, () => {
  it("a transfer completes only after the receiving school's principal ticks 调档完成", async () => {
    const mover = people[0] as DemoPerson;
    const release = await transferFromHome(
      { sheet: sheet.away, entry: staff.awayEntry, head: staff.awayHead },
      mover,
      "2018-09-01",
      "夫妻两地分居",
    );
    await waitUntil("both rows wait for 调档", async () => {
      const rows = [
        ...(await requestRows(staff.awayHead, sheet.away, "调动申请")),
        ...(await requestRows(staff.homeHead, sheet.home, "调动申请")),
      ].filter((row) => row.申请编号 === release.id);
      return rows.length === 2 && rows.every((row) => row.办理状态 === "待调入学校调档");
    });
    // Two more syncs of both schools: the sending school still holds the teacher.
    for (let round = 0; round < 2; round++) {
      await touch(sheet.home);
      await touch(sheet.away);
      await syncNow();
    }
    expect(await onRoster(sheet.home, mover.name)).toBe(true);
    expect(await onRoster(sheet.away, mover.name)).toBe(false);
    const waiting = await api<{ request: { state: string } }>(
      "GET",
      `/api/business/requests/${release.id}`,
    );
    expect(waiting.request.state).toBe("archive_review");
    // The info admin cannot tick it: the column is the principal's.
    await expect(
      staff.awayEntry.sheets.spreadsheets.values.update({
        spreadsheetId: sheet.away,
        range: `'调动申请'!${columnLetters((await readTab(admin, sheet.away, "调动申请"))[0]?.indexOf("调档完成") ?? 0)}2`,
        valueInputOption: "RAW",
        requestBody: { values: [[true]] },
      }),
    ).rejects.toMatchObject({ code: 403 });

    await tickArchived(tools(), staff.awayHead, sheet.away, mover.name);
    await waitUntil(
      "the teacher moved",
      async () =>
        (await onRoster(sheet.away, mover.name)) && !(await onRoster(sheet.home, mover.name)),
    );
    const done = await api<{ request: { state: string } }>(
      "GET",
      `/api/business/requests/${release.id}`,
    );
    expect(done.request.state).toBe("completed");
  });

  it("a rotation approved today with a planned end stays 已生效 after each school's next two syncs", async () => {
    const rotator = people[1] as DemoPerson;
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const end = `${Number(month.slice(0, 4)) + 1}${month.slice(4)}`;
    await typeRequest(staff.homeEntry, sheet.home, "交流轮岗申请", {
      姓名: rotator.name,
      身份证件号: `'${rotator.idNumber}`,
      交流轮岗类型: "县域内交流轮岗",
      交流学校代码: `'${away.code}`,
      开始年月: month,
      结束年月: end,
      交流原因: "城乡教师交流",
    });
    await syncNow();
    await confirmRequest(staff.homeHead, sheet.home, "交流轮岗申请", rotator.name);
    await syncNow();
    // The 交流学校 agrees on the row the worker wrote into its own 交流轮岗申请 tab.
    await confirmRequest(staff.awayHead, sheet.away, "交流轮岗申请", rotator.name);
    await syncNow();
    await decideRequest(personnel, sheet.recheck, "交流轮岗审批", rotator.name, "审批");
    const rotationRow = async () =>
      (await requestRows(admin, sheet.home, "交流轮岗")).find((row) => row.姓名 === rotator.name);
    await waitUntil(
      "the rotation record written",
      async () => (await rotationRow())?.审核状态 === "已生效",
    );
    const before = await rotationRow();
    for (let round = 0; round < 2; round++) {
      await touch(sheet.home);
      await touch(sheet.away);
      await syncNow();
      expect(await rotationRow(), `sync ${round + 1}`).toEqual(before);
    }
    expect(before).toMatchObject({ 审核状态: "已生效", 结束年月: end, 校验结果: "校验通过" });
  });

  it("a retirement dated a month ahead keeps the teacher on the roster until the cron on its date", async () => {
    const retiree = people[2] as DemoPerson;
    // The demo's own step: it fails if the teacher leaves the roster before the date, or does
    // not leave it after the worker's cron ran on that date.
    await datedRetirementDemo({
      tools: tools(),
      school: home,
      sheet: sheet.home,
      recheck: sheet.recheck,
      entry: staff.homeEntry,
      head: staff.homeHead,
      personnel,
      teacher: retiree,
    });
    expect(await onRoster(sheet.home, retiree.name)).toBe(false);
    expect(await onRoster(sheet.home, (people[3] as DemoPerson).name)).toBe(true);
  });

  it("a transfer to the vocational school leaves every effective record effective", async () => {
    const mover = people[3] as DemoPerson;
    await transferFromHome(
      { sheet: sheet.voc, entry: staff.vocEntry, head: staff.vocHead },
      mover,
      "2019-09-01",
      "专业对口",
    );
    await waitUntil("the receiving row waits for 调档", async () =>
      (await requestRows(staff.vocHead, sheet.voc, "调动申请")).some(
        (row) => row.姓名 === mover.name && row.办理状态 === "待调入学校调档",
      ),
    );
    await tickArchived(tools(), staff.vocHead, sheet.voc, mover.name);
    await waitUntil(
      "the teacher moved to the vocational school",
      async () =>
        (await onRoster(sheet.voc, mover.name)) && !(await onRoster(sheet.home, mover.name)),
    );
    const rowsOfMover = async () => ({
      basic: (await requestRows(admin, sheet.voc, "基本信息")).filter((r) => r.姓名 === mover.name),
      contact: (await requestRows(admin, sheet.voc, "联系方式")).filter(
        (r) => r.姓名 === mover.name,
      ),
    });
    // The sync that appended the rows is followed by the receiving school's own (the wake-up
    // the move sends); from then on nothing may change.
    await touch(sheet.voc);
    await syncNow();
    const before = await rowsOfMover();
    expect(before.basic).toHaveLength(1);
    expect(before.contact).toHaveLength(1);
    for (const row of [...before.basic, ...before.contact]) expect(row.审核状态).toBe("已生效");
    // The fields the vocational template requires and the primary file lacks are asked for.
    expect(before.basic[0]?.校验结果).toContain("补填");
    for (let round = 0; round < 2; round++) {
      await touch(sheet.voc);
      await touch(sheet.home);
      await syncNow();
      expect(await rowsOfMover(), `sync ${round + 1}`).toEqual(before);
    }
  });
});
