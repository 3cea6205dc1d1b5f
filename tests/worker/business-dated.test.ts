/**
 * Effects on their date and the 调档 step (issue 18, items 2 and 3), through the emulator and
 * local D1. A retirement approved ahead of its 变动日期 waits (已批准待生效, with the date, in the
 * school's row and the 业务台账) with the teacher on the roster and the registry unchanged, and the
 * daily job completes it on its date, once however often it runs. A transfer dated ahead waits
 * for 调档完成 (the receiving school's principal) and then for its date; until both, the sending
 * school holds the teacher. The date is simulated through the worker's clock (`now`), the sheets
 * are read as a school's own accounts see them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { app } from "../../src/app";
import { beijingDay } from "../../src/core/business/index";
import type { Env } from "../../src/env";
import { applyDueEffects } from "../../src/jobs/dated-effects";
import { rotationStatusesToday } from "../../src/jobs/rotation-status";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  makeEffective,
  requestState,
  rowsOf,
  syncDeps,
  syncOnce,
  tickArchived,
  writeRow,
} from "./support/business";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { liftProjectQuotas, person, smallTabs } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-dated-admin@hrjy.example.cn";
const AUDITOR = "dated-auditor@hrjy.example.cn";

const HOME = {
  code: "4306230361",
  name: "华容县到期生效小学",
  category: "primary_secondary" as const,
};
const AWAY = {
  code: "4306230362",
  name: "华容县到期调入小学",
  category: "primary_secondary" as const,
};

const DAY = 86_400_000;
/** Beijing days from today: the sync and the job compare dates on the Beijing day. */
const ahead = (days: number) => beijingDay(new Date(Date.now() + days * DAY));
/** The worker's clock at noon (Beijing) of a Beijing day. */
const noonOf = (day: string) => new Date(`${day}T12:00:00+08:00`);

const RETIRE_ON = ahead(30);
const MOVE_ON = ahead(20);

let env: Env;
const sheet = { home: "", away: "" };

const rows = (id: string, tab: string) => rowsOf(AUDITOR, id, tab);
const rowOf = async (id: string, tab: string, idNumber: string) =>
  (await rows(id, tab)).find((row) => row.身份证件号 === idNumber);
const jobAt = async (now: Date) =>
  applyDueEffects({ db: env.DB, crypto: await idCryptoFromEnv(env) }, now);
/** The person_status row of the request's teacher, if any. */
const statusOf = (requestId: string) =>
  env.DB.prepare(
    `SELECT s.code FROM person_status AS s
     JOIN business_requests AS b ON b.person_key = s.person_key WHERE b.id = ?`,
  )
    .bind(requestId)
    .first();

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("business-dated");
  env = envFor(sa);
  sheet.home = await createSchoolSheet(sa, HOME, validTabs(), ADMIN);
  sheet.away = await createSchoolSheet(sa, AWAY, smallTabs([person(6)]), ADMIN);
  for (const id of Object.values(sheet))
    await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
      role: "reader",
      type: "user",
      emailAddress: AUDITOR,
    });
  await makeEffective(env, ADMIN, HOME, sheet.home);
  await makeEffective(env, ADMIN, AWAY, sheet.away);
}, 180_000);

describe("a retirement dated ahead", { timeout: 60_000 }, () => {
  let requestId = "";

  it("approved by 人事股, waits: 已批准待生效 with its date, the teacher still on the roster", async () => {
    await writeRow(ADMIN, sheet.home, "在职情况变动", 2, {
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "退休",
      变动日期: RETIRE_ON,
      变动原因: "到龄退休",
      本校确认: true,
    });
    await syncOnce(env, HOME, sheet.home);
    requestId = (await rowOf(sheet.home, "在职情况变动", ID.li))?.申请编号 ?? "";
    expect(await requestState(env, requestId)).toBe("county_review");
    await countyStep(env, requestId, "county_review");
    expect(await requestState(env, requestId)).toBe("scheduled");
    expect(await statusOf(requestId)).toBeNull();

    const outcome = await syncOnce(env, HOME, sheet.home);
    expect(outcome.followed).toEqual({ cleared: 0, appended: 0, statuses: 0 });
    const row = await rowOf(sheet.home, "在职情况变动", ID.li);
    expect(row?.办理状态).toBe("已批准待生效");
    expect(row?.校验结果).toContain(`将于 ${RETIRE_ON} 生效`);
    expect(row?.校验结果).toContain("生效前仍在名册");
    expect(await rowOf(sheet.home, "基本信息", ID.li)).toMatchObject({ 审核状态: "已生效" });
  });

  it("the 业务台账 says the state with its date", async () => {
    const csv = await app.request(
      `/api/business/requests?format=csv&school=${HOME.code}`,
      { headers: { authorization: "Bearer test-admin-token" } },
      env,
    );
    const line = (await csv.text()).split("\r\n").find((l) => l.startsWith(requestId)) ?? "";
    expect(line).toContain(`已批准待生效（${RETIRE_ON} 生效）`);
  });

  it("the day before its date, the daily job changes nothing", async () => {
    const dayBefore = new Date(noonOf(RETIRE_ON).getTime() - DAY);
    expect(await jobAt(dayBefore)).toMatchObject({ applied: 0 });
    expect(await requestState(env, requestId)).toBe("scheduled");
  });

  it("on its date the daily job completes it, once however often it runs; the sheet follows", async () => {
    const onTheDate = noonOf(RETIRE_ON);
    const runs = await Promise.all([jobAt(onTheDate), jobAt(onTheDate)]);
    expect(runs.map((r) => r.applied).sort()).toEqual([0, 1]);
    expect((await jobAt(onTheDate)).applied).toBe(0);
    expect(await requestState(env, requestId)).toBe("completed");
    const left = await env.DB.prepare(
      "SELECT code, since, has_left FROM person_status WHERE request_id = ?",
    )
      .bind(requestId)
      .first();
    expect(left).toEqual({ code: "902", since: RETIRE_ON, has_left: 1 });
    // The school's sync (its own clock the date too) takes the teacher off the roster.
    await syncSchoolSheet(
      await syncDeps(env, onTheDate),
      { kind: "school", spreadsheetId: sheet.home, version: 1, school: { ...HOME } },
      true,
    );
    expect(await rowOf(sheet.home, "基本信息", ID.li)).toBeUndefined();
    expect((await rowOf(sheet.home, "在职情况变动", ID.li))?.办理状态).toBe("已完成");
    const events = await env.DB.prepare(
      "SELECT from_state, to_state, party FROM business_events WHERE request_id = ? ORDER BY id",
    )
      .bind(requestId)
      .all();
    expect(events.results.slice(-2)).toEqual([
      { from_state: "county_review", to_state: "scheduled", party: "county" },
      { from_state: "scheduled", to_state: "completed", party: "system" },
    ]);
  });
});

describe("a transfer dated ahead, through 调档", { timeout: 60_000 }, () => {
  let requestId = "";
  const held = async () =>
    (
      await env.DB.prepare(
        "SELECT t.school_code FROM teachers AS t JOIN business_requests AS b ON b.person_key = t.person_key WHERE b.id = ?",
      )
        .bind(requestId)
        .first<{ school_code: string }>()
    )?.school_code;

  it("reaches 确认调出 as before; a 调档完成 ticked early is kept and said, nothing moves", async () => {
    await writeRow(ADMIN, sheet.away, "调动申请", 2, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      调动方向: "调入",
      对方学校代码: HOME.code,
      调动日期: MOVE_ON,
      调动原因: "夫妻团聚",
      本校确认: true,
    });
    await syncOnce(env, AWAY, sheet.away);
    requestId = (await rowOf(sheet.away, "调动申请", ID.zhang))?.申请编号 ?? "";
    await countyStep(env, requestId, "county_review");
    await syncOnce(env, HOME, sheet.home);
    const at = (await rows(sheet.home, "调动申请")).findIndex((r) => r.申请编号 === requestId) + 2;
    await writeRow(ADMIN, sheet.home, "调动申请", at, { 本校确认: true });
    await syncOnce(env, HOME, sheet.home);
    expect(await requestState(env, requestId)).toBe("release_review");
    await writeRow(ADMIN, sheet.away, "调动申请", 2, { 调档完成: true });
    await syncOnce(env, AWAY, sheet.away);
    expect(await requestState(env, requestId)).toBe("release_review");
    expect((await rowOf(sheet.away, "调动申请", ID.zhang))?.校验结果).toContain(
      "「调档完成」在人事股确认调出后才生效",
    );
    await writeRow(ADMIN, sheet.away, "调动申请", 2, { 调档完成: false });
  });

  it("确认调出: both schools' rows wait for 调档, the sending school holds the teacher", async () => {
    await countyStep(env, requestId, "release_review");
    expect(await requestState(env, requestId)).toBe("archive_review");
    await syncOnce(env, AWAY, sheet.away);
    await syncOnce(env, HOME, sheet.home);
    const receiving = await rowOf(sheet.away, "调动申请", ID.zhang);
    const sending = await rowOf(sheet.home, "调动申请", ID.zhang);
    expect(receiving?.办理状态).toBe("待调入学校调档");
    expect(receiving?.校验结果).toContain("勾选「调档完成」");
    expect(sending?.办理状态).toBe("待调入学校调档");
    expect(sending?.校验结果).toContain("调档完成前该教师仍属本校");
    expect(await held()).toBe(HOME.code);
    expect(await rowOf(sheet.home, "基本信息", ID.zhang)).toBeDefined();
  });

  it("调档完成 ticked before the date: 已批准待生效, still nothing moves", async () => {
    await tickArchived(env, ADMIN, AWAY, sheet.away, requestId);
    expect(await requestState(env, requestId)).toBe("scheduled");
    await syncOnce(env, AWAY, sheet.away);
    await syncOnce(env, HOME, sheet.home);
    expect((await rowOf(sheet.away, "调动申请", ID.zhang))?.校验结果).toContain(
      `已调档，调动将于 ${MOVE_ON} 生效`,
    );
    expect((await rowOf(sheet.home, "调动申请", ID.zhang))?.校验结果).toContain(
      `调动将于 ${MOVE_ON} 生效；生效前该教师仍属本校`,
    );
    expect(await held()).toBe(HOME.code);
    expect(await rowOf(sheet.away, "基本信息", ID.zhang)).toBeUndefined();
  });

  it("on its date the daily job moves the teacher; both sheets follow", async () => {
    expect((await jobAt(noonOf(MOVE_ON))).applied).toBe(1);
    expect(await requestState(env, requestId)).toBe("completed");
    expect(await held()).toBe(AWAY.code);
    const sending = await syncOnce(env, HOME, sheet.home);
    const receiving = await syncOnce(env, AWAY, sheet.away);
    expect(sending.followed.cleared).toBeGreaterThan(5);
    expect(receiving.followed.appended).toBe(sending.followed.cleared);
    expect(await rowOf(sheet.home, "基本信息", ID.zhang)).toBeUndefined();
    expect(await rowOf(sheet.away, "基本信息", ID.zhang)).toMatchObject({ 审核状态: "已生效" });
  });
});

describe("a rotation starting next month", { timeout: 60_000 }, () => {
  const start = ahead(40).slice(0, 7);
  let requestId = "";

  it("approved, waits for its 开始年月: no 交流轮岗 record yet", async () => {
    await writeRow(ADMIN, sheet.home, "交流轮岗申请", 2, {
      姓名: "王芳",
      身份证件号: ID.wang,
      交流轮岗类型: "支教",
      交流学校代码: AWAY.code,
      开始年月: start,
      交流原因: "支教",
      本校确认: true,
    });
    await syncOnce(env, HOME, sheet.home);
    requestId = (await rowOf(sheet.home, "交流轮岗申请", ID.wang))?.申请编号 ?? "";
    // The 交流学校's principal agrees first (parties), then 人事股 approves.
    expect(await requestState(env, requestId)).toBe("exchange_review");
    await syncOnce(env, AWAY, sheet.away);
    const asked = await rows(sheet.away, "交流轮岗申请");
    const at = asked.findIndex((row) => row.申请编号 === requestId) + 2;
    expect(at).toBeGreaterThan(1);
    await writeRow(ADMIN, sheet.away, "交流轮岗申请", at, { 本校确认: true });
    await syncOnce(env, AWAY, sheet.away);
    await countyStep(env, requestId, "county_review");
    expect(await requestState(env, requestId)).toBe("scheduled");
    await syncOnce(env, HOME, sheet.home);
    expect((await rowOf(sheet.home, "交流轮岗申请", ID.wang))?.校验结果).toContain(
      `将于 ${start}-01 生效`,
    );
    expect(await rowOf(sheet.home, "交流轮岗", ID.wang)).toBeUndefined();
    // The 交流学校 keeps the row, read-only, with the day the teacher comes.
    await syncOnce(env, AWAY, sheet.away);
    expect((await rowOf(sheet.away, "交流轮岗申请", ID.wang))?.校验结果).toContain(
      `将于 ${start}-01 起在本校交流`,
    );
    // No 205 before the rotation is completed on its first day.
    expect((await rotationStatusesToday(env.DB, noonOf(ahead(1)))).started).toBe(0);
  });

  it("on its first day the job adds the effective record, and the sheet shows it", async () => {
    expect((await jobAt(noonOf(`${start}-01`))).applied).toBe(1);
    expect(await requestState(env, requestId)).toBe("completed");
    // The 205 job, run right after on the same day (cron, /api/sync), starts the rotation.
    expect((await rotationStatusesToday(env.DB, noonOf(`${start}-01`))).started).toBe(1);
    expect(await statusOf(requestId)).toEqual({ code: "205" });
    await syncOnce(env, HOME, sheet.home);
    expect(await rowOf(sheet.home, "交流轮岗", ID.wang)).toMatchObject({
      开始年月: start,
      审核状态: "已生效",
    });
  });
});
