/**
 * The other school-side steps, through the emulator and local D1: a status change written into
 * 基本信息 as 人员状态, a retirement taking the teacher off the sheet (records kept), a rotation's
 * effective 交流轮岗 row appended, withdrawals (unticked, deleted), a draft edited, and a transfer
 * refused by the 调出学校's principal. The county's decisions go through the store.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { rotationRecordId } from "../../src/core/business";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { templateFor } from "../../src/core/templates/index";
import type { Env } from "../../src/env";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  primarySchool,
  requestState,
  rowsOf,
  setUpBusinessSchools,
  syncOnce,
  writeRow,
} from "./support/business";
import { asUser } from "./support/emulator";
import { control, person, readSheet, smallTabs } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-flows-admin@hrjy.example.cn";

const HOLDER = {
  code: "4306230321",
  name: "华容县业务测试小学",
  category: "primary_secondary" as const,
};
const OTHER = {
  code: "4306230322",
  name: "华容县交流测试小学",
  category: "primary_secondary" as const,
};
const AUDITOR = "flows-auditor@hrjy.example.cn";
const SECTION_TABS = templateFor(shippedTemplates, "primary_secondary")
  .filter((s) => s.kind === "section")
  .map((s) => s.title);

let env: Env;
let serviceAccount = "";
let sheet: Record<"holder" | "other", string>;

async function lastRow(id: string, tab: string) {
  const rows = await rowsOf(AUDITOR, id, tab);
  return rows[rows.length - 1];
}

async function rowCount(id: string, tab: string) {
  return (await rowsOf(AUDITOR, id, tab)).length;
}

async function clearRow(id: string, tab: string, row: number) {
  await asUser(
    ADMIN,
    "POST",
    `v4/spreadsheets/${id}/values/${encodeURIComponent(`'${tab}'!A${row}:Z${row}`)}:clear`,
    {},
  );
}

async function rowsOfPerson(id: string, idNumber: string) {
  const tabs = await readSheet(AUDITOR, id, SECTION_TABS);
  return SECTION_TABS.flatMap((tab) => {
    const [header = [], ...rows] = tabs[tab] ?? [];
    const who = header.indexOf("身份证件号");
    return rows.filter((row) => row[who] === idNumber).map(() => tab);
  });
}

async function count(sql: string, ...binds: unknown[]) {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

beforeAll(async () => {
  ({ env, serviceAccount, sheet } = await setUpBusinessSchools("business-flows", ADMIN, AUDITOR, {
    holder: primarySchool(HOLDER, validTabs(), ADMIN),
    other: primarySchool(OTHER, smallTabs([person(9)]), ADMIN, false),
  }));
}, 120_000);

describe("在职情况变动", () => {
  let id = "";
  it("a 长病假 approved by 人事股 shows as 人员状态 on 基本信息, a new effective version", async () => {
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 2, {
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "长病假",
      变动日期: "2024-03-01",
      变动原因: "病休",
      本校确认: true,
    });
    await syncOnce(env, HOLDER, sheet.holder);
    id = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    expect(await requestState(env, id)).toBe("county_review");
    await countyStep(env, id, "county_review");
    const outcome = await syncOnce(env, HOLDER, sheet.holder);
    expect(outcome.followed.statuses).toBe(1);
    const basic = (await rowsOf(AUDITOR, sheet.holder, "基本信息")).find(
      (r) => r.身份证件号 === ID.li,
    );
    expect(basic?.人员状态).toBe("长病假");
    expect(basic?.审核状态).toBe("已生效");
    expect((await lastRow(sheet.holder, "在职情况变动"))?.办理状态).toBe("已完成");
  });

  it("the next sync takes the written 人员状态 for no edit", async () => {
    const outcome = await syncOnce(env, HOLDER, sheet.holder);
    expect(outcome.writes).toBe(0);
    expect(outcome.followed.statuses).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM change_requests")).toBe(0);
  });

  it("a retirement takes the teacher off the sheet: rows cleared, records kept, nothing removed", async () => {
    const before = await rowsOfPerson(sheet.holder, ID.wang);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 3, {
      姓名: "王芳",
      身份证件号: ID.wang,
      变动类型: "退休",
      变动日期: "2024-06-30",
      变动原因: "到龄退休",
      本校确认: true,
    });
    await syncOnce(env, HOLDER, sheet.holder);
    const retire = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    await countyStep(env, retire, "county_review");
    const outcome = await syncOnce(env, HOLDER, sheet.holder);
    expect(outcome.followed.cleared).toBe(before.length);
    expect(await rowsOfPerson(sheet.holder, ID.wang)).toEqual([]);
    expect((await lastRow(sheet.holder, "在职情况变动"))?.校验结果).toContain("已不在本校在职名册");
    const again = await syncOnce(env, HOLDER, sheet.holder);
    expect(again.writes).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM records WHERE removed_at IS NOT NULL")).toBe(0);
    // Typed again, the teacher who left is not taken in, and the row says why.
    const basicRows = await rowsOf(AUDITOR, sheet.holder, "基本信息");
    const records = await count("SELECT COUNT(*) AS n FROM records");
    await writeRow(ADMIN, sheet.holder, "联系方式", 10, {
      姓名: "王芳",
      身份证件号: ID.wang,
      移动电话: "13607301111",
    });
    await syncOnce(env, HOLDER, sheet.holder);
    expect(await count("SELECT COUNT(*) AS n FROM records")).toBe(records);
    const typed = (await rowsOf(AUDITOR, sheet.holder, "联系方式")).find(
      (r) => r.身份证件号 === ID.wang,
    );
    expect(typed).toMatchObject({ 审核状态: "不采集", 记录编号: "" });
    expect(typed?.校验结果).toContain("不在采集范围内");
    expect(await rowsOf(AUDITOR, sheet.holder, "基本信息")).toEqual(basicRows);
    expect((await syncOnce(env, HOLDER, sheet.holder)).writes).toBe(0);
    await clearRow(sheet.holder, "联系方式", 10);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM records WHERE person_key = (SELECT person_key FROM business_requests WHERE id = ?)",
        retire,
      ),
    ).toBe(before.length);
  });
});

describe("交流轮岗", () => {
  it("confirmed by 人事股, the rotation's effective 交流轮岗 row is appended by the worker", async () => {
    const rotations = await rowCount(sheet.holder, "交流轮岗");
    await writeRow(ADMIN, sheet.holder, "交流轮岗申请", 2, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      交流轮岗类型: "支教",
      交流学校代码: OTHER.code,
      开始年月: "2024-09",
      结束年月: "2025-07",
      交流原因: "支教一年",
      本校确认: true,
    });
    await syncOnce(env, HOLDER, sheet.holder);
    const id = (await lastRow(sheet.holder, "交流轮岗申请"))?.申请编号 ?? "";
    // The 交流学校 agrees first (tests/worker/business-rotation-party.test.ts has the details).
    expect(await requestState(env, id)).toBe("exchange_review");
    await syncOnce(env, OTHER, sheet.other);
    await writeRow(ADMIN, sheet.other, "交流轮岗申请", 2, { 本校确认: true });
    await syncOnce(env, OTHER, sheet.other);
    await countyStep(env, id, "county_review");
    const outcome = await syncOnce(env, HOLDER, sheet.holder);
    expect(outcome.followed.appended).toBe(1);
    expect(await rowCount(sheet.holder, "交流轮岗")).toBe(rotations + 1);
    const row = await lastRow(sheet.holder, "交流轮岗");
    expect(row).toMatchObject({
      姓名: "张伟",
      身份证件号: ID.zhang,
      交流轮岗类型: "支教",
      是否调动人事关系: "否",
      开始年月: "2024-09",
      结束年月: "2025-07",
      交流轮岗单位名称: OTHER.name,
      审核状态: "已生效",
      记录编号: rotationRecordId(id),
    });
    const again = await syncOnce(env, HOLDER, sheet.holder);
    expect(again.writes).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM change_requests")).toBe(0);
  });
});

describe("withdrawing and editing before 人事股 acts", () => {
  it("unticking a submitted request withdraws it", async () => {
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 4, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      变动类型: "进修",
      变动日期: "2024-09-01",
      变动原因: "脱产进修",
      本校确认: true,
    });
    await syncOnce(env, HOLDER, sheet.holder);
    const id = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    expect(await requestState(env, id)).toBe("county_review");
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 4, { 本校确认: false });
    await syncOnce(env, HOLDER, sheet.holder);
    expect(await requestState(env, id)).toBe("withdrawn");
    expect((await lastRow(sheet.holder, "在职情况变动"))?.办理状态).toBe("已撤回");
    await clearRow(sheet.holder, "在职情况变动", 4);
    await syncOnce(env, HOLDER, sheet.holder);
  });

  it("editing a draft withdraws it and opens the request as now typed", async () => {
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 4, {
      姓名: "张伟",
      身份证件号: ID.zhang,
      变动类型: "进修",
      变动日期: "2024-09-01",
      变动原因: "脱产进修",
    });
    await syncOnce(env, HOLDER, sheet.holder);
    const first = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    expect(await requestState(env, first)).toBe("draft");
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 4, { 变动原因: "在职进修" });
    await syncOnce(env, HOLDER, sheet.holder);
    const second = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    expect(second).not.toBe(first);
    expect(await requestState(env, first)).toBe("withdrawn");
    expect(await requestState(env, second)).toBe("draft");
  });

  it("a 申请编号 whose write-back was lost is written again: the same request, not a second", async () => {
    const before = await count("SELECT COUNT(*) AS n FROM business_requests");
    await writeRow(ADMIN, sheet.holder, "在职情况变动", 5, {
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "借出到机关",
      变动日期: "2024-10-01",
      变动原因: "借调",
    });
    await control("POST", "/faults", {
      errorRate: 1,
      statuses: [500],
      methods: ["sheets.spreadsheets.batchUpdate"],
      identities: [serviceAccount],
    });
    try {
      await expect(
        syncOnce({ ...env, GOOGLE_RETRY_ATTEMPTS: "1" } as Env, HOLDER, sheet.holder),
      ).rejects.toThrow();
    } finally {
      await control("POST", "/faults", {});
    }
    expect(await count("SELECT COUNT(*) AS n FROM business_requests")).toBe(before + 1);
    expect((await lastRow(sheet.holder, "在职情况变动"))?.申请编号).toBe("");
    await syncOnce(env, HOLDER, sheet.holder);
    const id = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    expect(await count("SELECT COUNT(*) AS n FROM business_requests")).toBe(before + 1);
    expect(await requestState(env, id)).toBe("draft");
    await clearRow(sheet.holder, "在职情况变动", 5);
    await syncOnce(env, HOLDER, sheet.holder);
    expect(await requestState(env, id)).toBe("withdrawn");
  });

  it("deleting a draft's row withdraws it", async () => {
    const id = (await lastRow(sheet.holder, "在职情况变动"))?.申请编号 ?? "";
    await clearRow(sheet.holder, "在职情况变动", 4);
    await syncOnce(env, HOLDER, sheet.holder);
    expect(await requestState(env, id)).toBe("withdrawn");
  });
});

describe("the 调出学校 refuses", () => {
  it("不同意原因 filled by its principal refuses the transfer; both rows show 不同意", async () => {
    await writeRow(ADMIN, sheet.other, "调动申请", 2, {
      姓名: "李娜",
      身份证件号: ID.li,
      调动方向: "调入",
      对方学校代码: HOLDER.code,
      调动日期: "2024-09-01",
      调动原因: "夫妻团聚",
      本校确认: true,
    });
    await syncOnce(env, OTHER, sheet.other);
    const id = (await lastRow(sheet.other, "调动申请"))?.申请编号 ?? "";
    expect(await requestState(env, id)).toBe("county_review");
    await countyStep(env, id, "county_review");
    await syncOnce(env, HOLDER, sheet.holder);
    const rows = await rowsOf(AUDITOR, sheet.holder, "调动申请");
    const at = rows.findIndex((r) => r.申请编号 === id) + 2;
    expect(at).toBeGreaterThan(1);
    await writeRow(ADMIN, sheet.holder, "调动申请", at, { 不同意原因: "编制已满" });
    const outcome = await syncOnce(env, HOLDER, sheet.holder);
    expect(await requestState(env, id)).toBe("refused");
    expect(outcome.businessWith).toEqual([OTHER.code]);
    const reason = await env.DB.prepare(
      "SELECT reason, party FROM business_events WHERE request_id = ? AND action = 'refuse'",
    )
      .bind(id)
      .first<{ reason: string; party: string }>();
    expect(reason).toEqual({ reason: "编制已满", party: "counterpart" });
    await syncOnce(env, OTHER, sheet.other);
    expect((await lastRow(sheet.other, "调动申请"))?.办理状态).toBe("不同意");
    expect(await rowsOfPerson(sheet.holder, ID.li)).not.toEqual([]);
  });
});
