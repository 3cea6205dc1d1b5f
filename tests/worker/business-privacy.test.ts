/**
 * A request row is no registry lookup, through the emulator and local D1: a school that types
 * another school's teacher's ID number into its request tabs learns nothing of that teacher from
 * 校验结果 or the notes (not the registered name, the holding school, its code, a date or a status),
 * whatever it typed beside the ID; and a row emptied by the school loses what the worker wrote.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { ID, validTabs } from "../core/validate/fixture";
import { makeEffective, rowsOf, syncOnce, writeRow } from "./support/business";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { headersOf, liftProjectQuotas, person, smallTabs } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "yewu-privacy-admin@hrjy.example.cn";

const HOLDER = {
  code: "4306230331",
  name: "华容县隐私测试小学",
  category: "primary_secondary" as const,
};
const PROBER = {
  code: "4306230332",
  name: "华容县查询测试小学",
  category: "primary_secondary" as const,
};
const THIRD = {
  code: "4306230333",
  name: "华容县第三测试小学",
  category: "primary_secondary" as const,
};

/** What the registry holds of 张伟 at HOLDER (tests/core/validate/fixture.ts). */
const SECRETS = ["张伟", HOLDER.code, HOLDER.name, "1985-06-01", "1985", "2007-09", "2012-09"];
const STRANGER = person(9);

let env: Env;
const sheet = { holder: "", prober: "", third: "" };

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("business-privacy");
  env = envFor(sa);
  sheet.holder = await createSchoolSheet(sa, HOLDER, validTabs(), ADMIN);
  sheet.prober = await createSchoolSheet(sa, PROBER, smallTabs([person(3)]), ADMIN);
  sheet.third = await createSchoolSheet(sa, THIRD, smallTabs([person(4)]), ADMIN);
  await makeEffective(env, ADMIN, HOLDER, sheet.holder);
  await syncOnce(env, PROBER, sheet.prober);
  await syncOnce(env, THIRD, sheet.third);
}, 180_000);

/** 校验结果 of every row, with the notes on its cells: all the row tells the school. */
async function told(tab: string): Promise<string[]> {
  const rows = await rowsOf(ADMIN, sheet.prober, tab);
  const notes = await asUser<{
    sheets: { data: { rowData?: { values?: { note?: string }[] }[] }[] }[];
  }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${sheet.prober}?includeGridData=true&ranges=${encodeURIComponent(`'${tab}'`)}&fields=${encodeURIComponent("sheets.data.rowData.values.note")}`,
  );
  const rowData = notes.sheets[0]?.data[0]?.rowData ?? [];
  return rows.map((row, index) => {
    const cellNotes = (rowData[index + 1]?.values ?? []).map((cell) => cell.note ?? "");
    return [row.办理状态, row.校验结果, ...cellNotes].join("|");
  });
}

function expectNothingOfZhang(texts: readonly string[]) {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("another school's teacher typed into a request tab", () => {
  it("在职情况变动: the registered name, a wrong name and an unknown ID read the same", async () => {
    const row = { 变动类型: "退休", 变动日期: "1980-01-31", 变动原因: "到龄退休" };
    await writeRow(ADMIN, sheet.prober, "在职情况变动", 2, {
      ...row,
      姓名: "张伟",
      身份证件号: ID.zhang,
    });
    await writeRow(ADMIN, sheet.prober, "在职情况变动", 3, {
      ...row,
      姓名: "张三",
      身份证件号: ID.zhang,
    });
    await writeRow(ADMIN, sheet.prober, "在职情况变动", 4, {
      ...row,
      姓名: "张三",
      身份证件号: STRANGER.id,
    });
    await syncOnce(env, PROBER, sheet.prober);
    const texts = await told("在职情况变动");
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain("本校没有身份证件号、姓名都与本行相符的在岗教师");
    expect(new Set(texts).size).toBe(1);
    expectNothingOfZhang(texts);
  });

  it("调动申请 naming a school that does not hold the teacher: the same as an unknown ID", async () => {
    const row = {
      调动方向: "调入",
      对方学校代码: THIRD.code,
      调动日期: "2001-09-01",
      调动原因: "工作需要",
    };
    await writeRow(ADMIN, sheet.prober, "调动申请", 2, {
      ...row,
      姓名: "张伟",
      身份证件号: ID.zhang,
    });
    await writeRow(ADMIN, sheet.prober, "调动申请", 3, {
      ...row,
      姓名: "张伟",
      身份证件号: STRANGER.id,
    });
    await syncOnce(env, PROBER, sheet.prober);
    const texts = await told("调动申请");
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain("对方学校没有身份证件号、姓名都与本行相符的在岗教师");
    expect(new Set(texts).size).toBe(1);
    expectNothingOfZhang(texts);
  });
});

describe("a school whose request tabs name no one the county holds", () => {
  it("reads the same as one naming a teacher under a wrong name: the school codes still count", async () => {
    const row = {
      姓名: "张三",
      调动方向: "调入",
      对方学校代码: HOLDER.code,
      调动日期: "2024-09-01",
      调动原因: "工作需要",
    };
    const texts: string[] = [];
    for (const idNumber of [STRANGER.id, ID.zhang]) {
      await writeRow(ADMIN, sheet.third, "调动申请", 2, { ...row, 身份证件号: idNumber });
      await syncOnce(env, THIRD, sheet.third);
      const [shown] = await rowsOf(ADMIN, sheet.third, "调动申请");
      texts.push(shown?.校验结果 ?? "");
    }
    expect(texts[0]).toContain("对方学校没有身份证件号、姓名都与本行相符的在岗教师");
    expect(texts[1]).toBe(texts[0]);
  });
});

describe("a request row the school empties", () => {
  it("loses 办理状态, 校验结果, its notes and 同步时间 at the next sync; then nothing is written", async () => {
    // Every data column (those before the principal's 本校确认), however many the tab has.
    const headers = headersOf("在职情况变动");
    const empty = Object.fromEntries(
      headers.slice(0, headers.indexOf("本校确认")).map((h) => [h, ""]),
    );
    await writeRow(ADMIN, sheet.prober, "在职情况变动", 2, empty);
    const cleared = await syncOnce(env, PROBER, sheet.prober);
    expect(cleared.writes).toBeGreaterThan(0);
    const [, row2 = []] = await asUser<{ values?: string[][] }>(
      ADMIN,
      "GET",
      `v4/spreadsheets/${sheet.prober}/values/${encodeURIComponent("'在职情况变动'!A1:Z2")}`,
    ).then((got) => got.values ?? []);
    expect(row2.filter((cell) => cell !== "" && cell !== "FALSE")).toEqual([]);
    expect(await told("在职情况变动")).toHaveLength(2);
    expect((await syncOnce(env, PROBER, sheet.prober)).writes).toBe(0);
  });
});
