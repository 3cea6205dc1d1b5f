/**
 * Out of the county and into it (issue 18, item 5), through the emulator and local D1.
 *
 * - 调出县外 is a status change the sending school types (变动类型 调出县外, with 去向县（市、区）
 *   and 去向单位, required for it and only for it); 人事股 approves; the teacher leaves the roster
 *   (rows cleared, records kept in D1), the credit ledger stops asking, 人事股's row shows where
 *   the teacher went.
 * - A teacher arriving from another county is an ordinary new entry at the receiving school, the
 *   arrival told by 教职工来源 调入: no ID conflict, the usual review.
 * - A teacher who left by 调出县外 and comes back is the same person: the new entry at any county
 *   school revives them (same 教师编号), no conflict with the school they left, their earlier
 *   records kept in D1 where they were.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { creditInputs } from "../../src/adapters/store/credits";
import { buildLedger } from "../../src/core/credits/ledger";
import { shippedCountyConfig } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { approvalsById } from "../../src/jobs/approvals";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  primarySchool,
  requestState,
  rowsOf,
  setUpBusinessSchools,
  submitRequest,
  syncOnce,
  writeRow,
} from "./support/business";
import { headersOf, person, smallTabs } from "./support/schools";

const ADMIN = "yewu-outcounty-admin@hrjy.example.cn";
const AUDITOR = "outcounty-auditor@hrjy.example.cn";

const HOME = {
  code: "4306230371",
  name: "华容县调出县外小学",
  category: "primary_secondary" as const,
};
const OTHER = {
  code: "4306230372",
  name: "华容县回流接收小学",
  category: "primary_secondary" as const,
};

let env: Env;
let sheet: Record<"home" | "other", string>;
let request = "";
let zhangNumber = "";

/** The fixture's 基本信息 row of `id`, only the primary template's columns. */
function basicRowFor(id: string) {
  const headers = new Set(headersOf("基本信息"));
  const row = validTabs().基本信息?.find((r) => r.身份证件号 === id) ?? {};
  return Object.fromEntries(Object.entries(row).filter(([header]) => headers.has(header)));
}

async function teacher(idName: string) {
  return env.DB.prepare(
    `SELECT t.teacher_number, t.school_code, t.effective, s.code AS status, s.has_left
     FROM teachers AS t LEFT JOIN person_status AS s ON s.person_key = t.person_key
     WHERE t.name = ?`,
  )
    .bind(idName)
    .first<{
      teacher_number: string;
      school_code: string;
      effective: number;
      status: string | null;
      has_left: number | null;
    }>();
}

beforeAll(async () => {
  ({ env, sheet } = await setUpBusinessSchools("business-out-of-county", ADMIN, AUDITOR, {
    home: primarySchool(HOME, validTabs(), ADMIN),
    other: primarySchool(OTHER, smallTabs([person(11)]), ADMIN),
  }));
}, 240_000);

describe("调出县外", () => {
  it("needs 去向县（市、区） and 去向单位, and only for 调出县外", async () => {
    await writeRow(ADMIN, sheet.home, "在职情况变动", 2, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      变动类型: "调出县外",
      变动日期: "2024-09-01",
      变动原因: "调往岳阳市工作",
    });
    await writeRow(ADMIN, sheet.home, "在职情况变动", 3, {
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "长病假",
      变动日期: "2024-03-01",
      去向单位: "岳阳市第一中学",
      变动原因: "病休",
    });
    await syncOnce(env, HOME, sheet.home);
    const [out, sick] = await rowsOf(AUDITOR, sheet.home, "在职情况变动");
    expect(out?.申请编号).toBe("");
    expect(out?.校验结果).toContain("去向县（市、区）");
    expect(out?.校验结果).toContain("去向单位");
    expect(sick?.申请编号).toBe("");
    expect(sick?.校验结果).toContain("去向单位");
  });

  it("the sending school's principal confirms, 人事股 sees where the teacher goes and approves", async () => {
    await writeRow(ADMIN, sheet.home, "在职情况变动", 3, {
      姓名: "",
      身份证件号: "",
      变动类型: "",
      变动日期: "",
      去向单位: "",
      变动原因: "",
    });
    const out = await submitRequest(env, ADMIN, HOME, sheet.home, "在职情况变动", 2, {
      "去向县（市、区）": "岳阳市岳阳楼区",
      去向单位: "岳阳市第一中学",
      本校确认: true,
    });
    request = out.申请编号 ?? "";
    expect(request).toMatch(/^YW\d{6}$/);
    expect(out.办理状态).toContain("人事股");
    const [approval] = await approvalsById(env.DB, [request]);
    expect(approval?.details).toMatchObject({
      变动类型: "调出县外",
      "去向县（市、区）": "岳阳市岳阳楼区",
      去向单位: "岳阳市第一中学",
    });
    zhangNumber = (await teacher("张伟"))?.teacher_number ?? "";
    await countyStep(env, request, "county_review");
    expect(await requestState(env, request)).toBe("completed");
  });

  it("the teacher leaves the roster with the records kept, and the ledger stops asking", async () => {
    const records = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM records AS r JOIN teachers AS t ON t.person_key = r.person_key
       WHERE t.name = '张伟' AND r.effective_version IS NOT NULL`,
    ).first<{ n: number }>();
    await syncOnce(env, HOME, sheet.home);
    const basic = await rowsOf(AUDITOR, sheet.home, "基本信息");
    expect(basic.some((row) => row.身份证件号 === ID.zhang)).toBe(false);
    expect(await teacher("张伟")).toMatchObject({ status: "904", has_left: 1 });
    const kept = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM records AS r JOIN teachers AS t ON t.person_key = r.person_key
       WHERE t.name = '张伟' AND r.effective_version IS NOT NULL`,
    ).first<{ n: number }>();
    expect(kept?.n).toBe(records?.n);
    expect(kept?.n).toBeGreaterThan(5);

    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const { teachers, entries } = await creditInputs(env.DB);
    const ledger = buildLedger(teachers, entries, shippedCountyConfig.credits, year);
    expect(ledger.find((line) => line.teacherNumber === zhangNumber)?.status).toBe("left");
  });
});

describe("into the county", () => {
  it("a teacher from another county is an ordinary new entry, told by 教职工来源 调入", async () => {
    const arrival = person(12);
    await writeRow(ADMIN, sheet.other, "基本信息", 3, {
      ...basicRowFor(ID.zhang),
      姓名: arrival.name,
      身份证件号: arrival.id,
      出生日期: arrival.birth,
      性别: arrival.sex,
      教职工来源: "调入",
      备注: "2026年从岳阳县调入",
    });
    await syncOnce(env, OTHER, sheet.other);
    const row = (await rowsOf(AUDITOR, sheet.other, "基本信息")).find(
      (r) => r.身份证件号 === arrival.id,
    );
    // The usual review: only the sections still to fill are missing, no ID conflict.
    expect(row?.审核状态).toBe("待完善");
    expect(row?.校验结果).toContain("缺少“学习经历”信息");
    expect(row?.校验结果).not.toContain("身份证件号");
    expect(row?.教职工来源).toBe("调入");
    const conflicts = await env.DB.prepare("SELECT COUNT(*) AS n FROM id_conflicts").first<{
      n: number;
    }>();
    expect(conflicts?.n).toBe(0);
  });

  it("a teacher who left by 调出县外 and comes back is revived: same 教师编号, no conflict", async () => {
    await writeRow(ADMIN, sheet.other, "基本信息", 4, {
      ...basicRowFor(ID.zhang),
      教职工来源: "调入",
      进本校年月: "2026-09",
    });
    await syncOnce(env, OTHER, sheet.other);
    const row = (await rowsOf(AUDITOR, sheet.other, "基本信息")).find(
      (r) => r.身份证件号 === ID.zhang,
    );
    expect(row?.审核状态).toBe("待完善");
    expect(row?.校验结果).toContain("缺少“学习经历”信息");
    expect(row?.校验结果).not.toContain("身份证件号");
    expect(await teacher("张伟")).toMatchObject({
      teacher_number: zhangNumber,
      school_code: OTHER.code,
      status: null,
    });
    const conflicts = await env.DB.prepare("SELECT COUNT(*) AS n FROM id_conflicts").first<{
      n: number;
    }>();
    expect(conflicts?.n).toBe(0);
    // The earlier file stays in D1 at the school the teacher left; that school's sheet is not
    // touched again.
    const earlier = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM records AS r JOIN teachers AS t ON t.person_key = r.person_key
       WHERE t.name = '张伟' AND r.school_code = ? AND r.effective_version IS NOT NULL`,
    )
      .bind(HOME.code)
      .first<{ n: number }>();
    expect(earlier?.n).toBeGreaterThan(5);
    await syncOnce(env, HOME, sheet.home);
    const home = await rowsOf(AUDITOR, sheet.home, "基本信息");
    expect(home.some((r) => r.身份证件号 === ID.zhang)).toBe(false);
    await syncOnce(env, OTHER, sheet.other);
    const again = (await rowsOf(AUDITOR, sheet.other, "基本信息")).find(
      (r) => r.身份证件号 === ID.zhang,
    );
    expect(again?.审核状态).toBe("待完善");
    expect(again?.校验结果).toBe(row?.校验结果);
  });
});
