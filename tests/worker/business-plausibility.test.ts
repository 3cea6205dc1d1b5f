/**
 * Plausibility of a status change, through the emulator and local D1: a 退休 of a teacher below
 * the legal age is a warning in 校验结果 that does not block (the principal's tick takes the
 * request to 人事股), a 死亡 dated ahead is an error (no request, the tick cleared).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { personFacts } from "../../src/adapters/store/business";
import { ageAt } from "../../src/core/normalise";
import type { Env } from "../../src/env";
import { ID, validTabs } from "../core/validate/fixture";
import { makeEffective, requestState, rowsOf, syncOnce, writeRow } from "./support/business";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { liftProjectQuotas } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-plausibility-admin@hrjy.example.cn";
const AUDITOR = "plausibility-auditor@hrjy.example.cn";
const SCHOOL = {
  code: "4306230351",
  name: "华容县核对测试小学",
  category: "primary_secondary" as const,
};
const TAB = "在职情况变动";

let env: Env;
let spreadsheet = "";

/** A Beijing calendar day from today, as the sync dates rows (UTC+8): a UTC day is a day behind after 16:00. */
const isoDay = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function row(n: number) {
  return (await rowsOf(AUDITOR, spreadsheet, TAB))[n - 2];
}

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("business-plausibility");
  env = envFor(sa);
  spreadsheet = await createSchoolSheet(sa, SCHOOL, validTabs(), ADMIN);
  await asUser(ADMIN, "POST", `drive/v3/files/${spreadsheet}/permissions`, {
    role: "reader",
    type: "user",
    emailAddress: AUDITOR,
  });
  await makeEffective(env, ADMIN, SCHOOL, spreadsheet);
}, 120_000);

describe("在职情况变动: plausibility", () => {
  it("退休 of a teacher below the legal age: a warning naming the age, and the request proceeds", async () => {
    const today = isoDay(0);
    await writeRow(ADMIN, spreadsheet, TAB, 2, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      变动类型: "退休",
      变动日期: today,
      变动原因: "个人申请",
      本校确认: true,
    });
    await syncOnce(env, SCHOOL, spreadsheet);
    const shown = await row(2);
    const age = ageAt("1985-06-01", today);
    expect(shown?.校验结果).toContain(
      `变动类型：按出生日期（1985-06-01），该教师在变动日期时 ${age} 岁，低于法定退休年龄（男 60 岁、女 50 岁），请核对`,
    );
    expect(shown?.申请编号).not.toBe("");
    expect(await requestState(env, shown?.申请编号 ?? "")).toBe("county_review");
    // The sex and birth date the check used are the registry's, from the effective 基本信息.
    const request = await env.DB.prepare("SELECT person_key FROM business_requests WHERE id = ?")
      .bind(shown?.申请编号)
      .first<{ person_key: string }>();
    expect(await personFacts(env.DB, request?.person_key ?? "")).toMatchObject({
      sex: "1",
      birthDate: "1985-06-01",
    });
  });

  it("死亡 dated ahead: an error, no request, the tick cleared", async () => {
    const tomorrow = isoDay(1);
    await writeRow(ADMIN, spreadsheet, TAB, 3, {
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "死亡",
      变动日期: tomorrow,
      变动原因: "病故",
      本校确认: true,
    });
    await syncOnce(env, SCHOOL, spreadsheet);
    const shown = await row(3);
    expect(shown?.校验结果).toContain(`变动日期：「${tomorrow}」晚于今天`);
    expect(shown?.校验结果).toContain("死亡不能提前登记，请填写实际发生的日期");
    expect(shown?.申请编号).toBe("");
    expect(shown?.本校确认).not.toBe("TRUE");
    const opened = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM business_requests WHERE kind = 'status_change'",
    ).first<{ n: number }>();
    expect(opened?.n).toBe(1);
  });
});
