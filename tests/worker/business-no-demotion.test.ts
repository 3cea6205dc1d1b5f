/**
 * What the worker writes as effective stays effective (issue 18, item 1), through the emulator
 * and local D1: every business effect is run to completion (a transfer, a status change, a
 * rotation whose planned end lies ahead), then each school involved syncs twice more as it
 * ordinarily would. No row changes state, no 校验结果 appears, and no registry record or teacher
 * changes: the worker's next read applies the same rules the row was written under.
 * The county's decisions go through the store; the worker's clock is the real one, so the
 * rotation's dates are taken from today.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { rotationRecordId } from "../../src/core/business";
import { addYears } from "../../src/core/normalise";
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
  tickArchived,
  writeRow,
} from "./support/business";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { liftProjectQuotas, person, readSheet, smallTabs } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-demotion-admin@hrjy.example.cn";
const AUDITOR = "demotion-auditor@hrjy.example.cn";

const HOME = {
  code: "4306230351",
  name: "华容县生效保持小学",
  category: "primary_secondary" as const,
};
const AWAY = {
  code: "4306230352",
  name: "华容县生效接收小学",
  category: "primary_secondary" as const,
};
const SCHOOLS = [HOME, AWAY];

const THIS_MONTH = new Date().toISOString().slice(0, 7);
/** A rotation approved today that runs for a year: its planned end lies ahead. */
const PLANNED_END = addYears(THIS_MONTH, 1) ?? "";

const TABS = templateFor(shippedTemplates, "primary_secondary").map((s) => s.title);

let env: Env;
const sheet: Record<string, string> = {};

/** The state of every row the school sees: its id, 审核状态 or 办理状态, and 校验结果. */
async function sheetStates(school: (typeof SCHOOLS)[number]) {
  const tabs = await readSheet(AUDITOR, sheet[school.code] ?? "", TABS);
  return Object.fromEntries(
    TABS.map((tab) => {
      const [header = [], ...rows] = tabs[tab] ?? [];
      const at = (name: string) => header.indexOf(name);
      const id = at("记录编号") >= 0 ? at("记录编号") : at("申请编号");
      const state = at("审核状态") >= 0 ? at("审核状态") : at("办理状态");
      const cells = [id, at("身份证件号"), state, at("校验结果")];
      return [tab, rows.map((row) => cells.map((i) => row[i] ?? "").join(" | "))];
    }),
  );
}

/** The registry as the county holds it: every record's state and version, every teacher's school. */
async function registry() {
  const records = await env.DB.prepare(
    `SELECT record_id, school_code, section, state, seen_hash, approved_hash, effective_version,
            removed_at FROM records ORDER BY record_id`,
  ).all();
  const teachers = await env.DB.prepare(
    "SELECT teacher_number, school_code, effective FROM teachers ORDER BY teacher_number",
  ).all();
  return { records: records.results, teachers: teachers.results };
}

async function snapshot() {
  return {
    home: await sheetStates(HOME),
    away: await sheetStates(AWAY),
    registry: await registry(),
  };
}

async function requestIdOf(school: (typeof SCHOOLS)[number], tab: string, idNumber: string) {
  const rows = await rowsOf(AUDITOR, sheet[school.code] ?? "", tab);
  return rows.find((row) => row.身份证件号 === idNumber)?.申请编号 ?? "";
}

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("business-no-demotion");
  env = envFor(sa);
  sheet[HOME.code] = await createSchoolSheet(sa, HOME, validTabs(), ADMIN);
  sheet[AWAY.code] = await createSchoolSheet(sa, AWAY, smallTabs([person(5)]), ADMIN);
  for (const id of Object.values(sheet))
    await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
      role: "reader",
      type: "user",
      emailAddress: AUDITOR,
    });
  await makeEffective(env, ADMIN, HOME, sheet[HOME.code] ?? "");
  await makeEffective(env, ADMIN, AWAY, sheet[AWAY.code] ?? "");
}, 180_000);

describe("every business effect, then two ordinary syncs of every school", () => {
  it("runs a transfer, a status change and a rotation with a planned end to completion", async () => {
    const home = sheet[HOME.code] ?? "";
    const away = sheet[AWAY.code] ?? "";
    await writeRow(ADMIN, away, "调动申请", 2, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      调动方向: "调入",
      对方学校代码: HOME.code,
      调动日期: "2024-09-01",
      调动原因: "夫妻团聚",
      本校确认: true,
    });
    await syncOnce(env, AWAY, away);
    const transfer = await requestIdOf(AWAY, "调动申请", ID.zhang);
    await countyStep(env, transfer, "county_review");
    await syncOnce(env, HOME, home);
    const rows = await rowsOf(AUDITOR, home, "调动申请");
    const at = rows.findIndex((row) => row.申请编号 === transfer) + 2;
    // The 调出学校's principal confirms; 人事股 confirms the release.
    await writeRow(ADMIN, home, "调动申请", at, { 本校确认: true });
    await syncOnce(env, HOME, home);
    await countyStep(env, transfer, "release_review");
    // The receiving school's principal ticks 调档完成: the transfer completes.
    await tickArchived(env, ADMIN, AWAY, away, transfer);

    await writeRow(ADMIN, home, "在职情况变动", 2, {
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "长病假",
      变动日期: "2024-03-01",
      变动原因: "病休",
      本校确认: true,
    });
    await writeRow(ADMIN, home, "交流轮岗申请", 2, {
      姓名: "王芳",
      身份证件号: ID.wang,
      交流轮岗类型: "支教",
      交流学校代码: AWAY.code,
      开始年月: THIS_MONTH,
      结束年月: PLANNED_END,
      交流原因: "支教一年",
      本校确认: true,
    });
    await syncOnce(env, HOME, home);
    const status = await requestIdOf(HOME, "在职情况变动", ID.li);
    const rotation = await requestIdOf(HOME, "交流轮岗申请", ID.wang);
    // The 交流学校 agrees first: its principal ticks the row the worker wrote into its tab.
    await syncOnce(env, AWAY, away);
    await writeRow(ADMIN, away, "交流轮岗申请", 2, { 本校确认: true });
    await syncOnce(env, AWAY, away);
    await countyStep(env, status, "county_review");
    await countyStep(env, rotation, "county_review");
    // The sync that writes what the effects did: 人员状态, the 交流轮岗 row, the arrival.
    await syncOnce(env, HOME, home);
    await syncOnce(env, AWAY, away);

    for (const id of [status, rotation, transfer])
      expect(await requestState(env, id)).toBe("completed");
    const written = (await rowsOf(AUDITOR, home, "交流轮岗")).find(
      (row) => row.记录编号 === rotationRecordId(rotation),
    );
    expect(written).toMatchObject({ 结束年月: PLANNED_END, 审核状态: "已生效" });
  });

  it("two more syncs of each school change no row's state and no registry record", async () => {
    const before = await snapshot();
    const arrived = before.away.基本信息?.find((row) => row.includes(ID.zhang));
    expect(arrived).toContain("已生效");
    for (let round = 0; round < 2; round += 1)
      for (const school of SCHOOLS) await syncOnce(env, school, sheet[school.code] ?? "");
    const after = await snapshot();
    expect(after.home).toEqual(before.home);
    expect(after.away).toEqual(before.away);
    expect(after.registry).toEqual(before.registry);
    const rotation = after.registry.records.filter((r) => r.section === "rotation");
    expect(rotation.map((r) => r.state)).toContain("effective");
  });
});
