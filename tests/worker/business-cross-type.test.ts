/**
 * A transfer across school types (issue 18, item 4), through the emulator and local D1: 李娜, a
 * primary-school teacher whose file is in force (with a 基层服务 period, columns the vocational
 * template lacks), is transferred to the 中职 school, whose 基本信息 requires 是否“双师型”教师
 * and 是否具备职业技能等级证书.
 *
 * - at request time the receiving school's 调动申请 row warns which of its required columns the
 *   teacher's file lacks (names only), and the request goes on;
 * - 人事股's 调动审批 row names them too;
 * - after the move every record stays effective, through two more syncs of both schools; the
 *   receiving school's 基本信息 row asks for the missing fields without revoking anything;
 * - the fields filled in go through the normal chain (principal, then county recheck);
 * - the 基层服务 values the vocational template lacks stay in D1 and in the teacher's portal view.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { setOwnPassword } from "../../src/adapters/store/portal";
import { openChangeRequests } from "../../src/adapters/store/registry";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { templateFor } from "../../src/core/templates/index";
import type { Cell } from "../../src/core/validate";
import type { Env } from "../../src/env";
import { approvalsById } from "../../src/jobs/approvals";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import { ID, validTabs } from "../core/validate/fixture";
import {
  primarySchool,
  requestState,
  rowsOf,
  setUpBusinessSchools,
  submitRequest,
  syncDeps,
  syncOnce,
  tabValues,
  tickArchived,
  transferThrough,
} from "./support/business";
import { asUser } from "./support/emulator";
import { Browser } from "./support/portal";
import {
  asSheet,
  createSchoolSheet,
  headersOf,
  person,
  readSheet,
  smallTabs,
} from "./support/schools";

const ADMIN = "yewu-crosstype-admin@hrjy.example.cn";
const AUDITOR = "crosstype-auditor@hrjy.example.cn";

const HOME = {
  code: "4306230361",
  name: "华容县跨类调出小学",
  category: "primary_secondary" as const,
};
const VOC = {
  code: "4306230362",
  name: "华容县跨类职业中专",
  category: "vocational" as const,
};

const OWN_PASSWORD = "Kuaxiao-2026-mima";
const MISSING = ["是否“双师型”教师", "是否具备职业技能等级证书"];
const VOC_TABS = templateFor(shippedTemplates, "vocational").map((s) => s.title);
const PRIMARY_TABS = templateFor(shippedTemplates, "primary_secondary").map((s) => s.title);

let env: Env;
let sheet: Record<"home" | "voc", string>;
let transfer = "";

async function recordsOfLi() {
  const { results } = await env.DB.prepare(
    `SELECT r.record_id, r.school_code, r.section, r.state, r.effective_version, r.removed_at
     FROM records AS r JOIN teachers AS t ON t.person_key = r.person_key
     WHERE t.name = '李娜' ORDER BY r.record_id`,
  ).all<Record<string, unknown>>();
  return results;
}

/** Every row of the sheet: tab, 记录编号 / 申请编号, 审核状态 / 办理状态, 校验结果. */
async function sheetStates(id: string, tabs: readonly string[]) {
  const read = await readSheet(AUDITOR, id, tabs);
  return Object.fromEntries(
    tabs.map((tab) => {
      const [header = [], ...rows] = read[tab] ?? [];
      const at = (name: string) => header.indexOf(name);
      const idAt = at("记录编号") >= 0 ? at("记录编号") : at("申请编号");
      const state = at("审核状态") >= 0 ? at("审核状态") : at("办理状态");
      const cells = [idAt, at("身份证件号"), state, at("校验结果")];
      return [tab, rows.map((row) => cells.map((i) => row[i] ?? "").join(" | "))];
    }),
  );
}

/** Writes cells of one vocational-template row by header. */
async function writeVocRow(tab: string, row: number, cells: Record<string, Cell>) {
  const headers = headersOf(tab, "vocational");
  await asUser(ADMIN, "POST", `v4/spreadsheets/${sheet.voc}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: Object.entries(cells).map(([header, value]) => ({
      range: `'${tab}'!${columnLetters(headers.indexOf(header))}${row}`,
      values: [[value]],
    })),
  });
}

async function liRowOnVoc() {
  const values = await tabValues(AUDITOR, sheet.voc, "基本信息");
  const at = values[0]?.indexOf("身份证件号") ?? -1;
  return values.findIndex((row) => row[at] === ID.li) + 1;
}

beforeAll(async () => {
  const small = smallTabs([person(8)]);
  const vocRows = Object.fromEntries(VOC_TABS.map((t) => [t, small[t] ?? []]));
  ({ env, sheet } = await setUpBusinessSchools("business-cross-type", ADMIN, AUDITOR, {
    home: primarySchool(HOME, validTabs(), ADMIN),
    voc: {
      school: VOC,
      create: (sa) =>
        createSchoolSheet(ADMIN, sa.client_email, VOC, asSheet(vocRows, "vocational")),
      effective: true,
    },
  }));
}, 240_000);

describe("a primary-school teacher transferred to the 中职 school", () => {
  it("the receiving school's request row warns of the fields its category requires", async () => {
    const row = await submitRequest(env, ADMIN, VOC, sheet.voc, "调动申请", 2, {
      姓名: "李娜",
      身份证件号: ID.li,
      调动方向: "调入",
      对方学校代码: HOME.code,
      调动日期: "2024-09-01",
      调动原因: "专业对口",
      本校确认: true,
    });
    transfer = row.申请编号 ?? "";
    expect(transfer).toMatch(/^YW\d{6}$/);
    expect(row?.办理状态).toContain("待人事股");
    for (const header of MISSING) expect(row?.校验结果).toContain(header);
    // Names only: no value of the teacher's file.
    expect(row?.校验结果).not.toContain("中央特岗计划");
  });

  it("人事股's 调动审批 row names the missing fields", async () => {
    const [approval] = await approvalsById(env.DB, [transfer]);
    const text = Object.values(approval?.details ?? {}).join(" ");
    for (const header of MISSING) expect(text).toContain(header);
  });

  it("completes, and every record stays effective through two more syncs of both schools", async () => {
    const parties = {
      admin: ADMIN,
      receiving: { school: VOC, sheet: sheet.voc },
      sending: { school: HOME, sheet: sheet.home },
    };
    await transferThrough(env, parties, transfer, "archive_review");
    expect(await requestState(env, transfer)).toBe("archive_review");
    // The receiving school takes the file over: its principal ticks 调档完成.
    await tickArchived(env, ADMIN, VOC, sheet.voc, transfer);
    expect(await requestState(env, transfer)).toBe("completed");
    await syncOnce(env, HOME, sheet.home);
    await syncOnce(env, VOC, sheet.voc);

    const before = {
      records: await recordsOfLi(),
      voc: await sheetStates(sheet.voc, VOC_TABS),
      home: await sheetStates(sheet.home, PRIMARY_TABS),
    };
    expect(before.records.length).toBeGreaterThan(1);
    for (const record of before.records) {
      expect(record.state).toBe("effective");
      expect(record.school_code).toBe(VOC.code);
    }
    const basic = before.voc.基本信息?.find((row) => row.includes(ID.li)) ?? "";
    expect(basic).toContain("已生效");
    for (const header of MISSING) expect(basic).toContain(header);
    for (let round = 0; round < 2; round += 1) {
      await syncOnce(env, HOME, sheet.home);
      await syncOnce(env, VOC, sheet.voc);
    }
    expect(await recordsOfLi()).toEqual(before.records);
    expect(await sheetStates(sheet.voc, VOC_TABS)).toEqual(before.voc);
    expect(await sheetStates(sheet.home, PRIMARY_TABS)).toEqual(before.home);
  });

  it("the values the vocational template lacks stay in D1 and in the portal", async () => {
    const row = await env.DB.prepare(
      `SELECT r.person_key, v.values_json FROM records AS r
       JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = r.effective_version
       JOIN teachers AS t ON t.person_key = r.person_key
       WHERE t.name = '李娜' AND r.section = 'basic'`,
    ).first<{ person_key: string; values_json: string }>();
    const values = JSON.parse(row?.values_json ?? "{}") as Record<string, unknown>;
    expect(values.grassroots).toBe("101");
    expect(values.grassrootsStart).toBe("2012-09");
    // The teacher's own view (我的信息) at the 中职 school still shows them.
    const teacher = await env.DB.prepare(
      "SELECT teacher_number FROM teachers WHERE name = '李娜'",
    ).first<{ teacher_number: string }>();
    const number = teacher?.teacher_number ?? "";
    await setOwnPassword(
      env.DB,
      number,
      await hashPassword(OWN_PASSWORD),
      new Date().toISOString(),
    );
    const browser = new Browser();
    await browser.signIn(number, OWN_PASSWORD);
    const page = await (await browser.get("/portal/me")).text();
    expect(page).toContain("基层服务项目起始年月");
    expect(page).toContain("中央特岗计划");
  });

  it("filling the missing fields goes through the principal and the county's change approval", async () => {
    const at = await liRowOnVoc();
    await writeVocRow("基本信息", at, { "是否“双师型”教师": "是", 是否具备职业技能等级证书: "否" });
    await syncOnce(env, VOC, sheet.voc);
    const liRow = async () =>
      (await rowsOf(AUDITOR, sheet.voc, "基本信息")).find((r) => r.身份证件号 === ID.li);
    // An edit of a row in force: the effective values stay until the chain approves the change.
    expect((await liRow())?.审核状态).toBe("已修改需重新审核");
    expect((await recordsOfLi()).every((r) => r.effective_version !== null)).toBe(true);
    await writeVocRow("基本信息", at, { 校长审核: true });
    await syncOnce(env, VOC, sheet.voc);
    const row = await liRow();
    expect(row?.审核状态).toBe("变更待审批");
    for (const header of MISSING) expect(row?.校验结果 ?? "").not.toContain(header);
    const pending = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM change_requests WHERE school_code = ? AND state = 'open'",
    )
      .bind(VOC.code)
      .first<{ n: number }>();
    expect(pending?.n).toBe(1);

    // The county approves the change: the new version holds the fields filled in and keeps the
    // 基层服务 values the vocational row cannot show.
    const crypto = await idCryptoFromEnv(env);
    const change = (await openChangeRequests(env.DB, crypto, VOC.code)).map((request) => ({
      request,
      outcome: "approved" as const,
      actor: "领导小组办公室",
      at: new Date().toISOString(),
      spreadsheetId: "county",
    }));
    expect(change).toHaveLength(1);
    await syncSchoolSheet(
      await syncDeps(env),
      { kind: "school", spreadsheetId: sheet.voc, version: 1, school: { ...VOC } },
      true,
      { change },
    );
    const after = await liRow();
    expect(after?.审核状态).toBe("已生效");
    expect(after?.校验结果).toBe("校验通过");
    const version = await env.DB.prepare(
      `SELECT r.effective_version AS v, rv.values_json FROM records AS r
       JOIN record_versions AS rv ON rv.record_id = r.record_id AND rv.version = r.effective_version
       JOIN teachers AS t ON t.person_key = r.person_key
       WHERE t.name = '李娜' AND r.section = 'basic'`,
    ).first<{ v: number; values_json: string }>();
    const values = JSON.parse(version?.values_json ?? "{}") as Record<string, unknown>;
    expect(values.dualQualified).toBe("1");
    expect(values.grassroots).toBe("101");
    expect(values.grassrootsEnd).toBe("2015-08");
    await syncOnce(env, VOC, sheet.voc);
    expect((await liRow())?.审核状态).toBe("已生效");
  });
});
