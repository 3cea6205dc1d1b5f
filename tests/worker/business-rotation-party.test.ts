/**
 * A rotation asks its 交流学校 (issue 18, item 6): after the 派出学校's principal confirms, the
 * worker writes the request's row into the 交流学校's 交流轮岗申请 tab; its principal agrees
 * (本校确认) or refuses (不同意原因) before 人事股 decides, exactly as the 调出学校 does for a
 * transfer. While the rotation runs the 交流学校's row stays, read-only (written back if edited).
 * Through the emulator and local D1; 人事股's decisions through the store.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eventsOf } from "../../src/adapters/store/business";
import type { Env } from "../../src/env";
import { rotationStatusesToday } from "../../src/jobs/rotation-status";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  primarySchool,
  requestRowsAs,
  requestState,
  rowsOf,
  setUpBusinessSchools,
  syncOnce,
  writeRow,
} from "./support/business";
import { asUser } from "./support/emulator";
import { person, smallTabs } from "./support/schools";

const ADMIN = "rotation-party-admin@hrjy.example.cn";
const AUDITOR = "rotation-party-auditor@hrjy.example.cn";

const HOME = {
  code: "4306230341",
  name: "华容县派出测试小学",
  category: "primary_secondary" as const,
};
const HOST = {
  code: "4306230342",
  name: "华容县交流接收小学",
  category: "primary_secondary" as const,
};

/** This month and next year's, on the Beijing day (the sync's calendar). */
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const nextYear = `${Number(month.slice(0, 4)) + 1}${month.slice(4)}`;

let env: Env;
let sheet: Record<"home" | "host", string>;

const { rowOf, sheetRowOf } = requestRowsAs(AUDITOR);

async function typeRotation(row: number, who: { name: string; id: string }, reason: string) {
  await writeRow(ADMIN, sheet.home, "交流轮岗申请", row, {
    姓名: who.name,
    身份证件号: who.id,
    交流轮岗类型: "支教",
    交流学校代码: HOST.code,
    开始年月: month,
    结束年月: nextYear,
    交流原因: reason,
    本校确认: true,
  });
  await syncOnce(env, HOME, sheet.home);
  const rows = await rowsOf(AUDITOR, sheet.home, "交流轮岗申请");
  return rows.find((r) => r.身份证件号 === who.id && r.交流原因 === reason)?.申请编号 ?? "";
}

beforeAll(async () => {
  ({ env, sheet } = await setUpBusinessSchools("business-rotation-party", ADMIN, AUDITOR, {
    home: primarySchool(HOME, validTabs(), ADMIN),
    host: primarySchool(HOST, smallTabs([person(7)]), ADMIN, false),
  }));
}, 120_000);

describe("交流轮岗: the 交流学校 confirms before 人事股", () => {
  let id = "";
  it("the 派出学校's confirmation asks the 交流学校, not 人事股", async () => {
    id = await typeRotation(2, { name: "张伟", id: ID.zhang }, "支教一年");
    expect(id).toMatch(/^YW\d{6}$/);
    expect(await requestState(env, id)).toBe("exchange_review");
    expect((await rowOf(sheet.home, "交流轮岗申请", id))?.办理状态).toBe("待交流学校确认");
    // 人事股 cannot decide yet.
    await expect(countyStep(env, id, "exchange_review")).rejects.toThrow(/交流学校/);
  });

  it("the 交流学校's next sync shows the request in its own 交流轮岗申请 tab, naming the 派出学校", async () => {
    await syncOnce(env, HOST, sheet.host);
    const row = await rowOf(sheet.host, "交流轮岗申请", id);
    expect(row).toMatchObject({
      姓名: "张伟",
      身份证件号: ID.zhang,
      交流学校代码: HOME.code,
      开始年月: month,
      结束年月: nextYear,
      办理状态: "待交流学校确认",
      本校确认: "FALSE",
    });
    expect(row?.校验结果).toContain(`${HOME.name}申请该教师到本校交流轮岗`);
    expect(row?.校验结果).toContain("请勿删除");
    // The next sync only drops the appending note (as for a transfer's 调出学校); then nothing.
    await syncOnce(env, HOST, sheet.host);
    expect((await syncOnce(env, HOST, sheet.host)).writes).toBe(0);
  });

  it("an edit of the worker's row is written back; the request stays as it was", async () => {
    const at = await sheetRowOf(sheet.host, "交流轮岗申请", id);
    await writeRow(ADMIN, sheet.host, "交流轮岗申请", at, { 结束年月: "2099-01" });
    await syncOnce(env, HOST, sheet.host);
    const row = await rowOf(sheet.host, "交流轮岗申请", id);
    expect(row?.结束年月).toBe(nextYear);
    expect(row?.校验结果).toContain("内容不能修改，已按申请恢复");
    expect(await requestState(env, id)).toBe("exchange_review");
  });

  it("the 交流学校's principal ticks 本校确认: then it is 人事股's turn; the log names the principal", async () => {
    const at = await sheetRowOf(sheet.host, "交流轮岗申请", id);
    await writeRow(ADMIN, sheet.host, "交流轮岗申请", at, { 本校确认: true });
    const outcome = await syncOnce(env, HOST, sheet.host);
    expect(outcome.businessWith).toContain(HOME.code);
    expect(await requestState(env, id)).toBe("county_review");
    const events = await eventsOf(env.DB, id);
    expect(events.map((e) => [e.fromState, e.party, e.actor])).toEqual([
      [null, "initiator", `${HOME.name}（表格编辑）`],
      ["draft", "initiator", `${HOME.name}校长（勾选）`],
      ["exchange_review", "counterpart", `${HOST.name}校长（勾选）`],
    ]);
    expect((await rowOf(sheet.host, "交流轮岗申请", id))?.办理状态).toBe("待人事股审核");
    await syncOnce(env, HOME, sheet.home);
    expect((await rowOf(sheet.home, "交流轮岗申请", id))?.办理状态).toBe("待人事股审核");
  });

  it("人事股 approves: the 派出学校 gets its 交流轮岗 row, the 交流学校 keeps the teacher read-only", async () => {
    await countyStep(env, id, "county_review");
    await syncOnce(env, HOME, sheet.home);
    const record = (await rowsOf(AUDITOR, sheet.home, "交流轮岗")).find(
      (r) => r.身份证件号 === ID.zhang && r.开始年月 === month,
    );
    expect(record).toMatchObject({ 交流轮岗单位名称: HOST.name, 审核状态: "已生效" });
    await syncOnce(env, HOST, sheet.host);
    const row = await rowOf(sheet.host, "交流轮岗申请", id);
    expect(row?.办理状态).toBe("已完成");
    expect(row?.校验结果).toContain(`自${month}起至${nextYear}在本校交流`);
    // Deleted by the 交流学校 while the rotation runs, the row is written again.
    const at = await sheetRowOf(sheet.host, "交流轮岗申请", id);
    await asUser(
      ADMIN,
      "POST",
      `v4/spreadsheets/${sheet.host}/values/${encodeURIComponent(`'交流轮岗申请'!A${at}:Z${at}`)}:clear`,
      {},
    );
    await syncOnce(env, HOST, sheet.host);
    expect((await rowOf(sheet.host, "交流轮岗申请", id))?.身份证件号).toBe(ID.zhang);
    await syncOnce(env, HOST, sheet.host);
    expect((await syncOnce(env, HOST, sheet.host)).writes).toBe(0);
  });
});

describe("205 during the rotation, restored at its end", () => {
  async function statusOf(idNumber: string) {
    const rows = await rowsOf(AUDITOR, sheet.home, "基本信息");
    return rows.find((r) => r.身份证件号 === idNumber)?.人员状态;
  }

  it("the daily check sets the home school's 人员状态 to 205 from 开始年月 on, once", async () => {
    expect(await statusOf(ID.zhang)).toBe("在本单位任职");
    const run = await rotationStatusesToday(env.DB, new Date());
    expect(run).toMatchObject({ started: 1, ended: 0, schools: [HOME.code] });
    expect(run.wake).toEqual([expect.objectContaining({ spreadsheetId: sheet.home, force: true })]);
    await syncOnce(env, HOME, sheet.home);
    expect(await statusOf(ID.zhang)).toBe("交流轮岗");
    // Idempotent: the next check and the next sync do nothing.
    expect(await rotationStatusesToday(env.DB, new Date())).toMatchObject({ started: 0, ended: 0 });
    expect((await syncOnce(env, HOME, sheet.home)).writes).toBe(0);
  });

  it("after 结束年月 the status it replaced is put back, once", async () => {
    const year = Number(nextYear.slice(0, 4));
    const after = new Date(`${year + 1}-01-15T04:00:00Z`);
    expect(await rotationStatusesToday(env.DB, after)).toMatchObject({ started: 0, ended: 1 });
    await syncOnce(env, HOME, sheet.home);
    expect(await statusOf(ID.zhang)).toBe("在本单位任职");
    expect(await rotationStatusesToday(env.DB, after)).toMatchObject({ started: 0, ended: 0 });
    expect((await syncOnce(env, HOME, sheet.home)).writes).toBe(0);
  });
});

describe("交流轮岗: the 交流学校 refuses", () => {
  it("不同意原因 on the 交流学校's row refuses the request, with the reason in the log", async () => {
    const id = await typeRotation(3, { name: "李娜", id: ID.li }, "城乡交流");
    expect(await requestState(env, id)).toBe("exchange_review");
    await syncOnce(env, HOST, sheet.host);
    const at = await sheetRowOf(sheet.host, "交流轮岗申请", id);
    await writeRow(ADMIN, sheet.host, "交流轮岗申请", at, { 不同意原因: "本校岗位已满" });
    await syncOnce(env, HOST, sheet.host);
    expect(await requestState(env, id)).toBe("refused");
    const last = (await eventsOf(env.DB, id)).at(-1);
    expect(last).toMatchObject({
      party: "counterpart",
      action: "refuse",
      reason: "本校岗位已满",
      actor: `${HOST.name}校长（填写不同意原因）`,
    });
    await syncOnce(env, HOME, sheet.home);
    expect((await rowOf(sheet.home, "交流轮岗申请", id))?.办理状态).toBe("不同意");
  });

  it("the 派出学校's principal may withdraw while the 交流学校 is asked (untick)", async () => {
    const id = await typeRotation(4, { name: "王芳", id: ID.wang }, "跟岗");
    expect(await requestState(env, id)).toBe("exchange_review");
    const at = await sheetRowOf(sheet.home, "交流轮岗申请", id);
    await writeRow(ADMIN, sheet.home, "交流轮岗申请", at, { 本校确认: false });
    await syncOnce(env, HOME, sheet.home);
    expect(await requestState(env, id)).toBe("withdrawn");
  });
});
