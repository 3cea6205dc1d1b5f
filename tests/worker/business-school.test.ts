/**
 * The school side of a transfer, end to end through the emulator and local D1: the receiving
 * school's 调动申请 row becomes a request, its principal submits it, 人事股 (through the store, as
 * the county side applies its decisions) issues it, the sending school's principal confirms on the
 * row the worker wrote for it, 人事股 confirms the release, and the sheets follow the registry.
 * Wrong parties try their hand on the way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { schoolLayout } from "../../src/core/provision/school";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { templateFor } from "../../src/core/templates/index";
import type { Env } from "../../src/env";
import type { SchoolSyncOutcome } from "../../src/jobs/sync-school";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  makeEffective,
  requestState,
  rowsOf,
  syncOnce,
  tickArchived,
  writeRow,
} from "./support/business";
import { toDisplayOrder } from "./support/display-order";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import {
  cycle,
  liftProjectQuotas,
  person,
  readSheet,
  smallTabs,
  untilQuiet,
} from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-school-admin@hrjy.example.cn";

const OUT = {
  code: "4306230301",
  name: "华容县调出测试小学",
  category: "primary_secondary" as const,
};
const IN = {
  code: "4306230302",
  name: "华容县调入测试小学",
  category: "primary_secondary" as const,
};
const PRINCIPAL = { [OUT.code]: "out-head@hrjy.example.cn", [IN.code]: "in-head@hrjy.example.cn" };
const INFO_ADMIN = "in-info@hrjy.example.cn";
const AUDITOR = "business-auditor@hrjy.example.cn";
const SECTION_TABS = templateFor(shippedTemplates, "primary_secondary")
  .filter((s) => s.kind === "section")
  .map((s) => s.title);

let sa: ServiceAccount;
let env: Env;
const sheet = { out: "", in: "" };
let requestId = "";
let zhangRecords: { record_id: string; section: string }[] = [];
let teacherNumber = "";

const ZHANG_ROW = {
  姓名: "张伟",
  身份证件号: ID.zhang,
  调动方向: "调入",
  对方学校代码: OUT.code,
  调动日期: "2024-09-01",
  调动原因: "工作需要",
};

async function share(id: string, email: string) {
  await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: email,
  });
}

/** The request tabs' principal columns protected as provisioning protects them. */
async function protectRequestColumns(id: string, school: typeof IN) {
  const layout = schoolLayout({
    school: {
      ...school,
      township: "",
      schoolType: "小学",
      principals: [PRINCIPAL[school.code] as string],
      infoAdmins: [INFO_ADMIN],
      systemAdmins: [],
      viewers: [],
    } as never,
    categoryTitle: "中小学",
    sections: templateFor(shippedTemplates, school.category),
    codeTables: shippedTemplates.codeTables,
    county: shippedCountyConfig,
    serviceAccount: sa.client_email,
  });
  const meta = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${id}`,
  );
  const requests: unknown[] = [];
  for (const tab of layout.tabs) {
    if (tab.kind !== "grid" || !["调动申请"].includes(tab.title)) continue;
    const sheetId = meta.sheets.find((s) => s.properties.title === tab.title)?.properties.sheetId;
    // By header: the sending school's sheet is in the template's order, the receiving one's in
    // the display order provisioning gives (issue 22).
    const [headers = []] = (await readSheet(ADMIN, id, [tab.title]))[tab.title] ?? [];
    for (const column of tab.columns) {
      const index = headers.indexOf(column.header);
      if (column.tone !== "approval" || column.protection === undefined || index < 0) continue;
      requests.push({
        addProtectedRange: {
          protectedRange: {
            range: { sheetId, startColumnIndex: index, endColumnIndex: index + 1 },
            description: column.protection.label,
            editors: { users: column.protection.editors },
          },
        },
      });
    }
  }
  await asUser(ADMIN, "POST", `v4/spreadsheets/${id}:batchUpdate`, { requests });
}

async function requestRows(id: string) {
  return rowsOf(ADMIN, id, "调动申请");
}

/** The person's rows on every section tab (one read, by an auditor with a quota of its own). */
async function rowsOfPerson(id: string, idNumber: string) {
  const found: Record<string, Record<string, string>[]> = {};
  const tabs = await readSheet(AUDITOR, id, SECTION_TABS);
  for (const tab of SECTION_TABS) {
    const [header = [], ...data] = tabs[tab] ?? [];
    const rows = data
      .map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])))
      .filter((row) => row.身份证件号 === idNumber);
    if (rows.length > 0) found[tab] = rows;
  }
  return found;
}

beforeAll(async () => {
  await liftProjectQuotas();
  sa = await registerServiceAccount("business-school");
  env = envFor(sa);
  sheet.out = await createSchoolSheet(sa, OUT, validTabs(), ADMIN);
  sheet.in = await createSchoolSheet(sa, IN, smallTabs([person(3)]), ADMIN);
  // The receiving school re-provisioned since issue 22, the sending one not yet: the transfer's
  // rows land by header on both.
  await toDisplayOrder(ADMIN, sheet.in);
  for (const school of [OUT, IN]) {
    const id = school === OUT ? sheet.out : sheet.in;
    await share(id, PRINCIPAL[school.code] as string);
    await share(id, INFO_ADMIN);
    await share(id, AUDITOR);
    await protectRequestColumns(id, school);
  }
  await makeEffective(env, ADMIN, OUT, sheet.out);
  await syncOnce(env, IN, sheet.in);
}, 120_000);

describe("the receiving school starts a transfer in its 调动申请 tab", () => {
  it("a row with an error is no request: 校验结果 names the column, nothing opens", async () => {
    await writeRow(ADMIN, sheet.in, "调动申请", 2, { ...ZHANG_ROW, 对方学校代码: IN.code });
    await syncOnce(env, IN, sheet.in);
    const [row] = await requestRows(sheet.in);
    expect(row?.申请编号).toBe("");
    expect(row?.办理状态).toBe("待完善");
    expect(row?.校验结果).toContain("有错误，不能提交");
    expect(row?.校验结果).toContain("对方学校代码");
    const open = await env.DB.prepare("SELECT COUNT(*) AS n FROM business_requests").first<{
      n: number;
    }>();
    expect(open?.n).toBe(0);
  });

  it("fixed, the row becomes a draft request: 申请编号 and 待本校确认 written back", async () => {
    await writeRow(ADMIN, sheet.in, "调动申请", 2, { 对方学校代码: OUT.code });
    await syncOnce(env, IN, sheet.in);
    const [row] = await requestRows(sheet.in);
    expect(row?.申请编号).toMatch(/^YW\d{6}$/);
    expect(row?.办理状态).toBe("待本校确认");
    expect(row?.校验结果).toContain("本校确认");
    requestId = row?.申请编号 ?? "";
    expect(await requestState(env, requestId)).toBe("draft");
    const teacher = await env.DB.prepare(
      "SELECT teacher_number FROM business_requests WHERE id = ?",
    )
      .bind(requestId)
      .first<{ teacher_number: string }>();
    teacherNumber = teacher?.teacher_number ?? "";
    expect(teacherNumber).toMatch(/^430623/);
    const { results } = await env.DB.prepare(
      `SELECT record_id, section FROM records
       WHERE person_key = (SELECT person_key FROM business_requests WHERE id = ?)`,
    )
      .bind(requestId)
      .all<{ record_id: string; section: string }>();
    zhangRecords = results;
  });

  it("only the principal can tick 本校确认: the info admin is refused by the sheet", async () => {
    await expect(writeRow(INFO_ADMIN, sheet.in, "调动申请", 2, { 本校确认: true })).rejects.toThrow(
      /403/,
    );
    await expect(
      writeRow(INFO_ADMIN, sheet.in, "调动申请", 2, { 不同意原因: "x" }),
    ).rejects.toThrow(/403/);
  });

  it("the principal ticks 本校确认: 待人事股审核", async () => {
    await writeRow(PRINCIPAL[IN.code] as string, sheet.in, "调动申请", 2, { 本校确认: true });
    await syncOnce(env, IN, sheet.in);
    expect(await requestState(env, requestId)).toBe("county_review");
    const [row] = await requestRows(sheet.in);
    expect(row?.办理状态).toBe("待人事股审核");
  });

  it("an edit after the principal's confirmation is restored, and the row says so", async () => {
    await writeRow(INFO_ADMIN, sheet.in, "调动申请", 2, { 调动原因: "改了原因" });
    const out = await syncOnce(env, IN, sheet.in);
    expect(out.writes).toBeGreaterThan(0);
    const [row] = await requestRows(sheet.in);
    expect(row?.调动原因).toBe("工作需要");
    expect(row?.校验结果).toContain(CONFIRMED_NOTE);
    const stored = await env.DB.prepare("SELECT details_json FROM business_requests WHERE id = ?")
      .bind(requestId)
      .first<{ details_json: string }>();
    expect(JSON.parse(stored?.details_json ?? "{}").reason).toBe("工作需要");
    expect(await requestState(env, requestId)).toBe("county_review");
  });
});

/** What a confirmed request row says when its data cells were changed or cleared. */
const CONFIRMED_NOTE =
  "本申请已由校长确认，内容不能修改，已按申请恢复；如需撤回，请校长取消勾选「本校确认」";

describe("after the principal's confirmation, only the principal withdraws", () => {
  const LI_ROW = { ...ZHANG_ROW, 姓名: "李娜", 身份证件号: ID.li };
  const DATA_COLUMNS = Object.keys(LI_ROW);
  let liRequest = "";

  it("the info admin clears a confirmed row's data cells: restored with a note, still open", async () => {
    await writeRow(INFO_ADMIN, sheet.in, "调动申请", 3, LI_ROW);
    await writeRow(PRINCIPAL[IN.code] as string, sheet.in, "调动申请", 3, { 本校确认: true });
    await syncOnce(env, IN, sheet.in);
    liRequest = (await requestRows(sheet.in))[1]?.申请编号 ?? "";
    expect(await requestState(env, liRequest)).toBe("county_review");
    await writeRow(
      INFO_ADMIN,
      sheet.in,
      "调动申请",
      3,
      Object.fromEntries(DATA_COLUMNS.map((header) => [header, ""])),
    );
    await syncOnce(env, IN, sheet.in);
    expect(await requestState(env, liRequest)).toBe("county_review");
    const row = (await requestRows(sheet.in))[1];
    expect(row).toMatchObject({ ...LI_ROW, 申请编号: liRequest, 办理状态: "待人事股审核" });
    expect(row?.校验结果).toContain(CONFIRMED_NOTE);
    const again = await syncOnce(env, IN, sheet.in);
    expect(again.writes).toBe(0);
  });

  it("a confirmed row deleted is written again, ticked, with a note; still open", async () => {
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.in}/values/${encodeURIComponent("'调动申请'!A3:Z3")}:clear`,
      {},
    );
    await syncOnce(env, IN, sheet.in);
    expect(await requestState(env, liRequest)).toBe("county_review");
    const row = (await requestRows(sheet.in))[1];
    expect(row).toMatchObject({ ...LI_ROW, 申请编号: liRequest, 本校确认: "TRUE" });
    expect(row?.校验结果).toContain("本申请已由校长确认，不能删除，已恢复");
  });

  it("the principal unticks 本校确认: withdrawn, and the log names the principal's tick", async () => {
    await writeRow(PRINCIPAL[IN.code] as string, sheet.in, "调动申请", 3, { 本校确认: false });
    await syncOnce(env, IN, sheet.in);
    expect(await requestState(env, liRequest)).toBe("withdrawn");
    const event = await env.DB.prepare(
      "SELECT actor FROM business_events WHERE request_id = ? AND action = 'withdraw'",
    )
      .bind(liRequest)
      .first<{ actor: string }>();
    expect(event?.actor).toBe(`${IN.name}校长（取消勾选）`);
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.in}/values/${encodeURIComponent("'调动申请'!A3:Z3")}:clear`,
      {},
    );
    await syncOnce(env, IN, sheet.in);
  });
});

describe("the sending school cannot start it", () => {
  it("a 调出 row typed by the 调出学校 is no request, and says who starts a transfer", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM business_requests").first<{
      n: number;
    }>();
    await writeRow(ADMIN, sheet.out, "调动申请", 2, {
      ...ZHANG_ROW,
      姓名: "李娜",
      身份证件号: ID.li,
      调动方向: "调出",
      对方学校代码: IN.code,
    });
    await syncOnce(env, OUT, sheet.out);
    const [row] = await requestRows(sheet.out);
    expect(row?.办理状态).toBe("待完善");
    expect(row?.申请编号).toBe("");
    expect(row?.校验结果).toContain("调动方向");
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM business_requests").first<{
      n: number;
    }>();
    expect(after?.n).toBe(before?.n);
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.out}/values/${encodeURIComponent("'调动申请'!A2:Z2")}:clear`,
      {},
    );
  });
});

describe("人事股 issues it; the sending school confirms on the row the worker wrote", () => {
  it("the 调出学校's 调动申请 gets the request, 调出, waiting for its principal", async () => {
    await countyStep(env, requestId, "county_review");
    await syncOnce(env, OUT, sheet.out);
    const rows = await requestRows(sheet.out);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      姓名: "张伟",
      身份证件号: ID.zhang,
      调动方向: "调出",
      对方学校代码: IN.code,
      调动日期: "2024-09-01",
      申请编号: requestId,
      办理状态: "待调出学校确认",
      本校确认: "FALSE",
    });
    expect(rows[0]?.校验结果).toContain("不同意原因");
    await syncOnce(env, IN, sheet.in);
    expect((await requestRows(sheet.in))[0]?.办理状态).toBe("待调出学校确认");
  });

  it("the receiving school cannot act for the sending one: a copied 调出 row, ticked, moves nothing", async () => {
    await writeRow(PRINCIPAL[IN.code] as string, sheet.in, "调动申请", 3, { 本校确认: true });
    await writeRow(ADMIN, sheet.in, "调动申请", 3, {
      ...ZHANG_ROW,
      调动方向: "调出",
      申请编号: requestId,
    });
    await syncOnce(env, IN, sheet.in);
    expect(await requestState(env, requestId)).toBe("counterpart_review");
    const rows = await requestRows(sheet.in);
    expect(rows[1]?.办理状态).toBe("待完善");
    expect(rows[1]?.本校确认).toBe("FALSE");
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.in}/values/${encodeURIComponent("'调动申请'!A3:Z3")}:clear`,
      {},
    );
  });

  it("the receiving school can no longer withdraw once issued: unticking is reported, not taken", async () => {
    await writeRow(PRINCIPAL[IN.code] as string, sheet.in, "调动申请", 2, { 本校确认: false });
    await syncOnce(env, IN, sheet.in);
    expect(await requestState(env, requestId)).toBe("counterpart_review");
    expect((await requestRows(sheet.in))[0]?.校验结果).toContain("不能撤回");
    await writeRow(PRINCIPAL[IN.code] as string, sheet.in, "调动申请", 2, { 本校确认: true });
    await syncOnce(env, IN, sheet.in);
  });

  it("a row of an issued request deleted by the school comes back, with a note", async () => {
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.out}/values/${encodeURIComponent("'调动申请'!A2:Z2")}:clear`,
      {},
    );
    await syncOnce(env, OUT, sheet.out);
    const rows = await requestRows(sheet.out);
    expect(rows.map((r) => r.申请编号)).toEqual([requestId]);
    expect(rows[0]?.校验结果).toContain("请勿删除");
    expect(await requestState(env, requestId)).toBe("counterpart_review");
    // The receiving school's own row, deleted once issued, is written again and says why.
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.in}/values/${encodeURIComponent("'调动申请'!A2:Z2")}:clear`,
      {},
    );
    await syncOnce(env, IN, sheet.in);
    const back = await requestRows(sheet.in);
    expect(back.map((r) => r.申请编号)).toEqual([requestId]);
    expect(back[0]).toMatchObject({ 本校确认: "TRUE", 办理状态: "待调出学校确认" });
    expect(back[0]?.校验结果).toContain("不能删除，已恢复");
    expect(await requestState(env, requestId)).toBe("counterpart_review");
  });

  it("its principal ticks 本校确认: 待人事股确认调出, and the receiving school is woken", async () => {
    const rows = await rowsOf(ADMIN, sheet.out, "调动申请");
    expect(rows).toHaveLength(1);
    const [header = []] = await (async () => [Object.keys(rows[0] ?? {})])();
    expect(header).toContain("本校确认");
    const all = await asUser<{ values?: string[][] }>(
      ADMIN,
      "GET",
      `v4/spreadsheets/${sheet.out}/values/${encodeURIComponent("'调动申请'")}`,
    );
    const at = (all.values ?? []).findIndex((r) => r.includes(requestId)) + 1;
    await writeRow(PRINCIPAL[OUT.code] as string, sheet.out, "调动申请", at, { 本校确认: true });
    const outcome = await syncOnce(env, OUT, sheet.out);
    expect(await requestState(env, requestId)).toBe("release_review");
    expect(outcome.businessWith).toEqual([IN.code]);
  });
});

describe("人事股 confirms the release: the sheets follow the registry", {
  timeout: 150_000,
}, () => {
  it("the teacher's rows leave the sending school and arrive, effective, at the receiving one", async () => {
    expect(zhangRecords.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(await rowsOfPerson(sheet.out, ID.zhang)).length).toBeGreaterThan(5);
    await countyStep(env, requestId, "release_review");
    expect(await requestState(env, requestId)).toBe("archive_review");
    // Until the receiving school's 调档完成 the sending school holds the teacher: nothing moves.
    const idle = { cleared: 0, appended: 0, statuses: 0 };
    // (The receiving school's own row is shown waiting in business-dated.test.ts; one sync less
    // here keeps this file's service account under the emulator's per-minute read quota.)
    expect((await syncOnce(env, OUT, sheet.out)).followed).toEqual(idle);
    expect(Object.keys(await rowsOfPerson(sheet.out, ID.zhang)).length).toBeGreaterThan(5);
    expect(await rowsOfPerson(sheet.in, ID.zhang)).toEqual({});
    expect((await requestRows(sheet.out))[0]?.办理状态).toBe("待调入学校调档");
    expect((await requestRows(sheet.out))[0]?.校验结果).toContain("调档完成前该教师仍属本校");
    // The info admin cannot tick it: the column is the principal's.
    await expect(
      writeRow(INFO_ADMIN, sheet.in, "调动申请", 2, { 调档完成: true }),
    ).rejects.toThrow();
    const ticked = await tickArchived(env, PRINCIPAL[IN.code] as string, IN, sheet.in, requestId);
    expect(ticked.followed).toEqual(idle);
    expect(await requestState(env, requestId)).toBe("completed");
    // Both schools follow: the other one, and the receiving school itself (moved after it read).
    expect([...ticked.businessWith].sort()).toEqual([IN.code, OUT.code].sort());
    const syncs: SchoolSyncOutcome[] = [];
    // Each school the completed transfer touches: its one read, the guard's re-read, one write.
    const made = await requestsByFileDuring(sa.client_email, async () => {
      syncs.push(await syncOnce(env, OUT, sheet.out), await syncOnce(env, IN, sheet.in));
    });
    const perSchool = {
      "sheets.spreadsheets.values.batchGetByDataFilter": 2,
      "sheets.spreadsheets.batchUpdate": 1,
    };
    expect(made).toEqual({ [sheet.out]: perSchool, [sheet.in]: perSchool });
    const [sending, receiving] = syncs as [SchoolSyncOutcome, SchoolSyncOutcome];
    expect(sending.followed.cleared).toBe(zhangRecords.length);
    expect(receiving.followed.appended).toBe(zhangRecords.length);
    expect(await rowsOfPerson(sheet.out, ID.zhang)).toEqual({});
    const arrived = await rowsOfPerson(sheet.in, ID.zhang);
    const shown = Object.values(arrived)
      .flat()
      .map((row) => row.记录编号)
      .sort();
    expect(shown).toEqual(zhangRecords.map((r) => r.record_id).sort());
    for (const row of Object.values(arrived).flat()) expect(row.审核状态).toBe("已生效");
    expect(arrived.基本信息?.[0]?.教师编号).toBe(teacherNumber);
    const held = await env.DB.prepare(
      "SELECT DISTINCT school_code FROM records WHERE record_id IN (SELECT value FROM json_each(?))",
    )
      .bind(JSON.stringify(zhangRecords.map((r) => r.record_id)))
      .all<{ school_code: string }>();
    expect(held.results).toEqual([{ school_code: IN.code }]);
    const teacher = await env.DB.prepare(
      "SELECT school_code FROM teachers WHERE teacher_number = ?",
    )
      .bind(teacherNumber)
      .first<{ school_code: string }>();
    expect(teacher?.school_code).toBe(IN.code);
    expect((await requestRows(sheet.in))[0]?.办理状态).toBe("已完成");
    expect((await requestRows(sheet.out))[0]?.办理状态).toBe("已完成");
  });

  it("the 业务台账 names each step by what the sheets' protection guarantees, no account, no key", async () => {
    const res = await app.request(
      `/api/business/requests/${requestId}`,
      { headers: { authorization: "Bearer test-admin-token" } },
      env,
    );
    const body = (await res.json()) as { events: { step: string; actor: string }[] };
    expect(body.events.map((e) => `${e.step}：${e.actor}`)).toEqual([
      `提交申请：${IN.name}（表格编辑）`,
      `本校确认：${IN.name}校长（勾选）`,
      "下达调动：人事股",
      `调出学校确认：${OUT.name}校长（勾选）`,
      "确认调出：人事股",
      `调档完成：${IN.name}校长（勾选）`,
    ]);
    const csv = await app.request(
      `/api/business/requests?format=csv&school=${IN.code}`,
      { headers: { authorization: "Bearer test-admin-token" } },
      env,
    );
    const line = (await csv.text()).split("\r\n").find((l) => l.startsWith(requestId)) ?? "";
    expect(line).toContain(`提交申请：${IN.name}（表格编辑）填报`);
    expect(line).toContain(`本校确认：${IN.name}校长（勾选）确认`);
    expect(line).toContain("确认调出：人事股确认");
    expect(line).not.toMatch(/信息管理员|personnel|@/);
  });

  it("the next syncs take the worker's rows for no edit: nothing written, no change or removal", async () => {
    const sending = await syncOnce(env, OUT, sheet.out);
    const receiving = await syncOnce(env, IN, sheet.in);
    expect([sending.writes, receiving.writes]).toEqual([0, 0]);
    const changes = await env.DB.prepare("SELECT COUNT(*) AS n FROM change_requests").first<{
      n: number;
    }>();
    expect(changes?.n).toBe(0);
    const removed = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM records WHERE removed_at IS NOT NULL",
    ).first<{ n: number }>();
    expect(removed?.n).toBe(0);
    const states = await env.DB.prepare(
      "SELECT DISTINCT state FROM records WHERE record_id IN (SELECT value FROM json_each(?))",
    )
      .bind(JSON.stringify(zhangRecords.map((r) => r.record_id)))
      .all<{ state: string }>();
    expect(states.results).toEqual([{ state: "effective" }]);
  });

  it("costs: a touched school one read and at most one write (plus the guard's re-read); idle, one Drive request", async () => {
    await untilQuiet(env);
    await writeRow(ADMIN, sheet.in, "调动申请", 3, { ...ZHANG_ROW, 对方学校代码: IN.code });
    const made = await requestsByFileDuring(sa.client_email, () => cycle(env));
    expect(made[sheet.in]).toEqual({
      "sheets.spreadsheets.values.batchGetByDataFilter": 2,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect(made[sheet.out]).toBeUndefined();
    const idle = await requestsDuring(sa.client_email, () => cycle(env));
    expect(idle).toEqual({ "drive.files.list": 1 });
  });
});
