/**
 * A transfer hands over the teacher's file as it stands in force, through the emulator and local
 * D1: while the 调出学校 holds a row of the teacher that is not effective yet, its principal's tick
 * on the incoming request is held (kept, with the reason in 校验结果) and 人事股's 确认调出 is
 * refused; nothing moves and no value typed in the sheet is lost. Once the row is in force (the
 * principal's tick, for a teacher already in force), or deleted, the tick lands and the transfer
 * completes with every record in force.
 * The county's decisions go through the store.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { columnLetters } from "../../src/core/sheets/a1";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { templateFor } from "../../src/core/templates/index";
import type { Env } from "../../src/env";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  makeEffective,
  requestState,
  rowsOf,
  syncOnce,
  tabValues,
  tickArchived,
  writeRow,
} from "./support/business";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { headersOf, liftProjectQuotas, person, readSheet, smallTabs } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-settle-admin@hrjy.example.cn";

const OUT = {
  code: "4306230341",
  name: "华容县调出核对小学",
  category: "primary_secondary" as const,
};
const IN = {
  code: "4306230342",
  name: "华容县调入核对小学",
  category: "primary_secondary" as const,
};
const AUDITOR = "settle-auditor@hrjy.example.cn";
const SECTION_TABS = templateFor(shippedTemplates, "primary_secondary")
  .filter((s) => s.kind === "section")
  .map((s) => s.title);
const EDUCATION = "学习经历";

const zhangEducation = validTabs().学习经历?.find((row) => row.身份证件号 === ID.zhang) ?? {};
/** A second 学习经历 of 张伟, typed at the 调出学校 after the teacher was in force. */
const PENDING = { ...zhangEducation, 获得学历的院校或机构: "湖南大学", 所学专业: "教育管理" };
/** A third one, typed after the 调出学校 confirmed. */
const LATE = { ...zhangEducation, 获得学历的院校或机构: "岳阳学院", 所学专业: "小学教育" };

let env: Env;
const sheet = { out: "", in: "" };
let requestId = "";

async function share(id: string) {
  await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
    role: "reader",
    type: "user",
    emailAddress: AUDITOR,
  });
}

/** Appends a row after the last one of the tab; returns its 1-based sheet row. */
async function appendRow(id: string, tab: string, cells: Record<string, unknown>) {
  const at = (await tabValues(ADMIN, id, tab)).length + 1;
  await writeRow(ADMIN, id, tab, at, cells as never);
  return at;
}

async function rowOf(id: string, tab: string, institution: string) {
  return (await rowsOf(AUDITOR, id, tab)).find((r) => r.获得学历的院校或机构 === institution);
}

async function outRequestRow() {
  const values = await tabValues(ADMIN, sheet.out, "调动申请");
  const at = values.findIndex((row) => row.includes(requestId)) + 1;
  return { at, row: (await rowsOf(ADMIN, sheet.out, "调动申请"))[at - 2] };
}

async function zhangRecords() {
  const { results } = await env.DB.prepare(
    `SELECT record_id, school_code, state, removed_at FROM records
     WHERE person_key = (SELECT person_key FROM business_requests WHERE id = ?) ORDER BY record_id`,
  )
    .bind(requestId)
    .all<{ record_id: string; school_code: string; state: string; removed_at: string | null }>();
  return results;
}

async function zhangRows(id: string) {
  const tabs = await readSheet(AUDITOR, id, SECTION_TABS);
  return SECTION_TABS.flatMap((tab) => {
    const [header = [], ...rows] = tabs[tab] ?? [];
    return rows
      .map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])))
      .filter((row) => row.身份证件号 === ID.zhang);
  });
}

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("business-settle");
  env = envFor(sa);
  sheet.out = await createSchoolSheet(sa, OUT, validTabs(), ADMIN);
  sheet.in = await createSchoolSheet(sa, IN, smallTabs([person(4)]), ADMIN);
  await share(sheet.out);
  await share(sheet.in);
  await makeEffective(env, ADMIN, OUT, sheet.out);
  await syncOnce(env, IN, sheet.in);
}, 120_000);

describe("a row of the teacher not yet effective at the 调出学校", () => {
  it("holds the 调出学校's tick: kept as ticked, 校验结果 says why and what to do", async () => {
    await appendRow(sheet.out, EDUCATION, PENDING);
    await syncOnce(env, OUT, sheet.out);
    expect((await rowOf(sheet.out, EDUCATION, "湖南大学"))?.审核状态).toBe("待审核");

    await writeRow(ADMIN, sheet.in, "调动申请", 2, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      调动方向: "调入",
      对方学校代码: OUT.code,
      调动日期: "2024-09-01",
      调动原因: "工作需要",
      本校确认: true,
    });
    await syncOnce(env, IN, sheet.in);
    requestId = (await rowsOf(ADMIN, sheet.in, "调动申请"))[0]?.申请编号 ?? "";
    expect(await requestState(env, requestId)).toBe("county_review");
    await countyStep(env, requestId, "county_review");
    await syncOnce(env, OUT, sheet.out);

    const { at } = await outRequestRow();
    await writeRow(ADMIN, sheet.out, "调动申请", at, { 本校确认: true });
    await syncOnce(env, OUT, sheet.out);
    expect(await requestState(env, requestId)).toBe("counterpart_review");
    const { row } = await outRequestRow();
    expect(row?.本校确认).toBe("TRUE");
    expect(row?.办理状态).toBe("待调出学校确认");
    expect(row?.校验结果).toContain(
      "本校尚有该教师未生效的记录 1 条（学习经历），请先完成审核或删除未生效的行，再确认调出",
    );
    // Nothing moved; the row not yet in force is still in the sheet, as typed.
    expect(new Set((await zhangRecords()).map((r) => r.school_code))).toEqual(new Set([OUT.code]));
    expect(await rowOf(sheet.out, EDUCATION, "湖南大学")).toMatchObject({
      所学专业: "教育管理",
      审核状态: "待审核",
    });
  });

  it("approved by the principal, the row is in force and the same sync lands the held tick", async () => {
    const values = await tabValues(ADMIN, sheet.out, EDUCATION);
    const at = values.findIndex((row) => row.includes("湖南大学")) + 1;
    // An addition for a teacher already in force takes effect on the principal's tick.
    await writeRow(ADMIN, sheet.out, EDUCATION, at, { 校长审核: true });
    const outcome = await syncOnce(env, OUT, sheet.out);
    expect((await rowOf(sheet.out, EDUCATION, "湖南大学"))?.审核状态).toBe("已生效");
    expect(await requestState(env, requestId)).toBe("release_review");
    expect(outcome.businessWith).toEqual([IN.code]);
    const { row } = await outRequestRow();
    expect(row?.办理状态).toBe("待人事股确认调出");
    expect(row?.校验结果).not.toContain("未生效");
  });
});

describe("a row entered before 确认调出", () => {
  let lateAt = 0;

  it("holds 人事股's release with the reason; nothing moves, nothing typed is lost", async () => {
    lateAt = await appendRow(sheet.out, EDUCATION, LATE);
    await syncOnce(env, OUT, sheet.out);
    await expect(countyStep(env, requestId, "release_review")).rejects.toThrow(
      "调出学校尚有该教师未生效的记录 1 条（学习经历），须由调出学校完成审核（校长审核、县级复核）或删除未生效的行后，才能确认调出",
    );
    expect(await requestState(env, requestId)).toBe("release_review");
    expect(new Set((await zhangRecords()).map((r) => r.school_code))).toEqual(new Set([OUT.code]));
    await syncOnce(env, OUT, sheet.out);
    expect(await rowOf(sheet.out, EDUCATION, "岳阳学院")).toMatchObject({ 所学专业: "小学教育" });
    expect((await zhangRows(sheet.out)).length).toBeGreaterThan(10);
  });

  it("deleted by the school, it no longer holds the file: the transfer completes, all in force", async () => {
    const width = columnLetters(headersOf(EDUCATION).length);
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.out}/values/${encodeURIComponent(`'${EDUCATION}'!A${lateAt}:${width}${lateAt}`)}:clear`,
      {},
    );
    await syncOnce(env, OUT, sheet.out);
    await countyStep(env, requestId, "release_review");
    expect(await requestState(env, requestId)).toBe("archive_review");
    await tickArchived(env, ADMIN, IN, sheet.in, requestId);
    expect(await requestState(env, requestId)).toBe("completed");
    await syncOnce(env, OUT, sheet.out);
    await syncOnce(env, IN, sheet.in);

    const records = await zhangRecords();
    expect(new Set(records.map((r) => r.school_code))).toEqual(new Set([IN.code]));
    const inForce = records.filter((r) => r.removed_at === null);
    expect(new Set(inForce.map((r) => r.state))).toEqual(new Set(["effective"]));
    expect(await zhangRows(sheet.out)).toEqual([]);
    const arrived = await zhangRows(sheet.in);
    expect(arrived.map((r) => r.记录编号).sort()).toEqual(inForce.map((r) => r.record_id).sort());
    for (const row of arrived) expect(row.审核状态).toBe("已生效");
    expect(await rowOf(sheet.in, EDUCATION, "湖南大学")).toMatchObject({
      所学专业: "教育管理",
      审核状态: "已生效",
    });
  });
});
