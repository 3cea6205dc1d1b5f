/**
 * Attack: school B types the ID number of a teacher school A entered (under another name), to
 * block A's genuine rows or take the teacher over. First come must not win, and nor may the
 * later school: both sides' new rows wait, each side sees only the other school's name and
 * code, 人事股 decides in the county 冲突处理 tab, and the teacher number follows the decision.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { CONFLICT_TITLE } from "../../src/core/recheck/conflicts";
import { columnLetters } from "../../src/core/sheets/a1";
import { type RecordedCounty, recordedCounty, settleCounty } from "./support/county";
import { createCountySheet } from "./support/county-sheet";
import { asUser, type ServiceAccount } from "./support/emulator";
import { asSheet, createSchoolSheet, person, smallTabs } from "./support/schools";

const ADMIN = "chongtu-test@hrjy.example.cn";
const A = { code: "4306230091", name: "华容县冲突甲小学", category: "primary_secondary" as const };
const B = { code: "4306230092", name: "华容县冲突乙小学", category: "primary_secondary" as const };
const SHARED = person(51);
const ONLY_A = person(52);
const B_NAME = "冒名者";

let sa: ServiceAccount;
let sheetA = "";
let sheetB = "";
let countySheet = "";
/** The recorded queues: a conflict wakes both sides' schools. */
let county: RecordedCounty;

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

async function rows(sheet: string, tab: string): Promise<Record<string, string>[]> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${sheet}/values/${range(tab)}`,
  );
  const [header = [], ...data] = got.values ?? [];
  return data.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
}

async function basicRowOf(sheet: string, id: string) {
  return (await rows(sheet, "基本信息")).find((row) => row.身份证件号 === id);
}

/** Cycles until the sync queue and the recheck queue have nothing left. */
const settle = () => settleCounty(county, { recheck: "deliver", quiet: "nothing-left" });

beforeAll(async () => {
  county = await recordedCounty("id-conflict");
  sa = county.sa;
  countySheet = await createCountySheet(ADMIN, sa.client_email);
  sheetA = await createSchoolSheet(ADMIN, sa.client_email, A, asSheet(smallTabs([SHARED, ONLY_A])));
  await settle();
  const claimed = smallTabs([SHARED]);
  claimed.基本信息 = (claimed.基本信息 ?? []).map((row) => ({ ...row, 姓名: B_NAME }));
  claimed.联系方式 = (claimed.联系方式 ?? []).map((row) => ({ ...row, 姓名: B_NAME }));
  sheetB = await createSchoolSheet(ADMIN, sa.client_email, B, asSheet(claimed));
  await settle();
});

describe("one ID number entered by two schools", () => {
  it("holds both sides' rows, and each side sees only the other school's name and code", async () => {
    const inA = await basicRowOf(sheetA, SHARED.id);
    const inB = await basicRowOf(sheetB, SHARED.id);
    expect(inA?.审核状态).toBe("待完善");
    expect(inB?.审核状态).toBe("待完善");
    expect(inA?.校验结果).toContain(`${B.name}（学校代码 ${B.code}）也录入了这个身份证件号`);
    expect(inB?.校验结果).toContain(`${A.name}（学校代码 ${A.code}）也录入了这个身份证件号`);
    expect(inA?.校验结果).not.toContain(B_NAME);
    expect(inB?.校验结果).not.toContain(SHARED.name);
    // A's other teacher is untouched by the conflict.
    expect((await basicRowOf(sheetA, ONLY_A.id))?.校验结果 ?? "").not.toContain("也录入");
  });

  it("lists the conflict once in 冲突处理, with schools and no ID number or name", async () => {
    const listed = await rows(countySheet, CONFLICT_TITLE);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.涉及学校).toBe(`${A.name}（${A.code}）、${B.name}（${B.code}）`);
    expect(listed[0]?.处理状态).toMatch(/^待人事股裁定/);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(SHARED.id);
    expect(text).not.toContain(SHARED.name);
    expect(text).not.toContain(B_NAME);
  });

  it("takes no decision from a school outside the conflict", async () => {
    await decide("4306230001", "随便填");
    await settle();
    const [row] = await rows(countySheet, CONFLICT_TITLE);
    expect(row?.处理状态).toContain("须为涉及学校之一");
    expect((await basicRowOf(sheetA, SHARED.id))?.审核状态).toBe("待完善");
  });

  it("人事股 decides for B: B goes on with A's teacher number, A is told to delete its rows", async () => {
    const number = (await basicRowOf(sheetA, SHARED.id))?.教师编号 ?? "";
    await decide(B.code, "人事档案在乙校");
    await settle();
    const [row] = await rows(countySheet, CONFLICT_TITLE);
    expect(row?.处理状态).toBe(`已裁定：归属${B.name}（${B.code}）`);
    const inA = await basicRowOf(sheetA, SHARED.id);
    const inB = await basicRowOf(sheetB, SHARED.id);
    expect(inA?.校验结果).toContain(`县人事股已裁定此人属于${B.name}`);
    expect(inB?.审核状态).toBe("待审核");
    const teacher = await env.DB.prepare(
      "SELECT t.teacher_number, t.school_code FROM teachers AS t JOIN id_conflicts AS c ON c.person_key = t.person_key",
    ).first<{ teacher_number: string; school_code: string }>();
    expect(teacher?.school_code).toBe(B.code);
    if (number !== "") expect(teacher?.teacher_number).toBe(number);
    expect(inB?.教师编号).toBe(teacher?.teacher_number);
  });
});

/** 人事股 types a school code and a reason into the conflict's row (RAW, as in the sheet). */
async function decide(code: string, reason: string) {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${countySheet}/values/${range(CONFLICT_TITLE)}`,
  );
  const header = got.values?.[0] ?? [];
  const at = header.indexOf("归属学校代码");
  await asUser(
    ADMIN,
    "PUT",
    `v4/spreadsheets/${countySheet}/values/${range(CONFLICT_TITLE, `${columnLetters(at)}2:${columnLetters(at + 1)}2`)}?valueInputOption=RAW`,
    { values: [[code, reason]] },
  );
}
