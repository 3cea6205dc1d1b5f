/**
 * The township tier (issue 18, item 10): a school whose row in the schools CSV names a 主管学校 has
 * its 在职情况变动 confirmed by that school's principal before 人事股, on a row the worker writes
 * into the 主管学校's own 在职情况变动 tab (本校确认 to agree, 不同意原因 to refuse); the township
 * school sees its schools' reports there. A county-direct school goes straight to 人事股 (its
 * 长病假 in business-flows.test.ts reaches county_review at the principal's tick).
 * Through the emulator and local D1; 人事股's decisions through the store.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eventsOf } from "../../src/adapters/store/business";
import type { Env } from "../../src/env";
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
import { person, smallTabs } from "./support/schools";

const ADMIN = "township-admin@hrjy.example.cn";
const AUDITOR = "township-auditor@hrjy.example.cn";

const TOWN = {
  code: "4306230351",
  name: "治河渡镇测试中学",
  category: "primary_secondary" as const,
};
/** The village school, as its message carries it (appProperty schoolSupervisor). */
const VILLAGE = {
  code: "4306230352",
  name: "治河渡镇测试教学点",
  category: "primary_secondary" as const,
  supervisor: TOWN.code,
};

let env: Env;
let sheet: Record<"town" | "village", string>;

const { rowOf, sheetRowOf } = requestRowsAs(AUDITOR);

async function report(
  school: typeof VILLAGE,
  id: string,
  row: number,
  who: { name: string; id: string },
  change: string,
) {
  await writeRow(ADMIN, id, "在职情况变动", row, {
    姓名: who.name,
    身份证件号: who.id,
    变动类型: change,
    变动日期: "2024-03-01",
    变动原因: change,
    本校确认: true,
  });
  await syncOnce(env, school, id);
  return (
    (await rowsOf(AUDITOR, id, "在职情况变动")).find((r) => r.身份证件号 === who.id)?.申请编号 ?? ""
  );
}

beforeAll(async () => {
  ({ env, sheet } = await setUpBusinessSchools("business-township", ADMIN, AUDITOR, {
    town: primarySchool(TOWN, smallTabs([person(5)]), ADMIN, false),
    village: primarySchool(VILLAGE, validTabs(), ADMIN),
  }));
}, 120_000);

describe("a village school's 在职情况变动 goes through its 主管学校", () => {
  let id = "";
  it("the village principal's tick asks the 主管学校, not 人事股", async () => {
    id = await report(VILLAGE, sheet.village, 2, { name: "李娜", id: ID.li }, "长病假");
    expect(await requestState(env, id)).toBe("township_review");
    expect((await rowOf(sheet.village, "在职情况变动", id))?.办理状态).toBe("待主管学校确认");
    await expect(countyStep(env, id, "township_review")).rejects.toThrow(/主管学校/);
  });

  it("the township school sees the report in its own 在职情况变动 tab, naming the village school", async () => {
    await syncOnce(env, TOWN, sheet.town);
    const row = await rowOf(sheet.town, "在职情况变动", id);
    expect(row).toMatchObject({
      姓名: "李娜",
      身份证件号: ID.li,
      变动类型: "长病假",
      变动日期: "2024-03-01",
      办理状态: "待主管学校确认",
    });
    expect(row?.校验结果).toContain(`${VILLAGE.name}报来在职情况变动`);
  });

  it("the township principal ticks 本校确认: 人事股's turn, the log names that principal", async () => {
    const at = await sheetRowOf(sheet.town, "在职情况变动", id);
    await writeRow(ADMIN, sheet.town, "在职情况变动", at, { 本校确认: true });
    const outcome = await syncOnce(env, TOWN, sheet.town);
    expect(outcome.businessWith).toContain(VILLAGE.code);
    expect(await requestState(env, id)).toBe("county_review");
    const events = await eventsOf(env.DB, id);
    expect(events.at(-1)).toMatchObject({
      fromState: "township_review",
      party: "counterpart",
      actor: `${TOWN.name}校长（勾选）`,
    });
    await countyStep(env, id, "county_review");
    await syncOnce(env, VILLAGE, sheet.village);
    const basic = (await rowsOf(AUDITOR, sheet.village, "基本信息")).find(
      (r) => r.身份证件号 === ID.li,
    );
    expect(basic?.人员状态).toBe("长病假");
    await syncOnce(env, TOWN, sheet.town);
    expect((await rowOf(sheet.town, "在职情况变动", id))?.办理状态).toBe("已完成");
  });

  it("the township principal refuses with 不同意原因: refused, the reason in the log", async () => {
    const refused = await report(VILLAGE, sheet.village, 3, { name: "张伟", id: ID.zhang }, "进修");
    expect(await requestState(env, refused)).toBe("township_review");
    await syncOnce(env, TOWN, sheet.town);
    const at = await sheetRowOf(sheet.town, "在职情况变动", refused);
    await writeRow(ADMIN, sheet.town, "在职情况变动", at, { 不同意原因: "未经中心学校同意" });
    await syncOnce(env, TOWN, sheet.town);
    expect(await requestState(env, refused)).toBe("refused");
    expect((await eventsOf(env.DB, refused)).at(-1)).toMatchObject({
      action: "refuse",
      reason: "未经中心学校同意",
      actor: `${TOWN.name}校长（填写不同意原因）`,
    });
  });
});
