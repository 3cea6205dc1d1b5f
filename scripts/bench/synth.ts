/**
 * Synthetic schools for the benchmarks, grown from the test fixture's experienced teacher 张伟
 * (tests/core/validate/fixture.ts), so every row starts out valid by the same rules the tests
 * pin down. Each person gets a unique resident ID (check digit and sex digit included) and a
 * unique phone and e-mail; then a seeded share of the typed cells is replaced by a wrong value
 * so the error path (messages, findings) is timed too, not only the happy path.
 */
import { type ColumnType, type SchoolCategory, templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Cell, IdConflict, SchoolInput } from "../../src/core/validate";
import { ID, residentId, sheetRows, validTabs } from "../../tests/core/validate/fixture";
import type { Rng } from "./rng";

type Row = Readonly<Record<string, Cell>>;

export const CATEGORY: SchoolCategory = "primary_secondary";

/** Wrong values by column type, each one the validator must reject for that type. */
const BAD: Partial<Record<ColumnType, Cell>> = {
  code: "不详",
  code_list: "不详、其他的",
  yes_no: "也许",
  year_month: "2016-13",
  date: "2017-02-30",
  year: "二〇一六",
  academic_year: "2016-2018",
  integer: "很多",
  number: "很多",
  mobile: "1380730",
  fixed_phone: "12",
  email: "zhang@",
  postcode: "41420",
  qualification_number: "123",
  division: "火星",
};

/** Corrupting who a row belongs to would turn one bad cell into a cascade across all tabs. */
const IDENTITY = new Set(["姓名", "身份证件号"]);

const SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"];
const GIVEN = [..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅"];

const sectionColumns = new Map(
  templateFor(shippedTemplates, CATEGORY).map((section) => [
    section.title,
    new Map(section.columns.map((column) => [column.header, column.type])),
  ]),
);

/** Section titles in template order; the request tabs stay header-only, as in most schools. */
export const TAB_TITLES: readonly string[] = templateFor(shippedTemplates, CATEGORY).map(
  (section) => section.title,
);
export const SECTION_TITLES: readonly string[] = templateFor(shippedTemplates, CATEGORY)
  .filter((section) => section.kind === "section")
  .map((section) => section.title);

/**
 * 张伟's rows per tab, widened to ~26 rows a person (the mission's 150,000 rows / 6,000 staff
 * is 25): eight terms of 教育教学, four years of 国内培训 and two research results.
 */
function personTemplate(): ReadonlyMap<string, readonly Row[]> {
  const tabs = validTabs();
  const own = (title: string): Row[] =>
    (tabs[title] ?? []).filter((row) => row.身份证件号 === ID.zhang);
  const first = (title: string): Row => {
    const row = own(title)[0];
    if (row === undefined) throw new Error(`fixture has no ${title} row for 张伟`);
    return row;
  };
  const years = [2013, 2014, 2015, 2016];
  const terms = ["秋季学期（第一学期）", "春季学期（第二学期）"];
  const teaching = first("教育教学");
  const training = first("国内培训");
  const research = first("教育科研成果及奖励");
  const rows = new Map<string, readonly Row[]>();
  for (const title of TAB_TITLES) rows.set(title, own(title));
  rows.set(
    "教育教学",
    years.flatMap((year) =>
      terms.map((term) => ({ ...teaching, 学年: `${year}-${year + 1}`, 学期: term })),
    ),
  );
  rows.set(
    "国内培训",
    years.map((year) => ({ ...training, 培训年度: year, 培训项目名称: `国培计划（${year}）` })),
  );
  rows.set("教育科研成果及奖励", [
    research,
    { ...research, 名称: "小学语文写作教学实践", 年月: "2016-05", 是否代表性成果: "否" },
  ]);
  return rows;
}

const TEMPLATE = personTemplate();
export const ROWS_PER_PERSON = [...TEMPLATE.values()].reduce((sum, rows) => sum + rows.length, 0);

const filled = (value: Cell): boolean => value !== "" && value !== null && value !== undefined;
const corruptible = (title: string, header: string): boolean =>
  !IDENTITY.has(header) && BAD[sectionColumns.get(title)?.get(header) ?? "text"] !== undefined;

/**
 * Share of a person's filled cells that have a wrong value to take (typed, not identity). The
 * invalid rate is meant over all filled cells, so typed cells are hit at rate / share.
 */
const CORRUPTIBLE_SHARE = (() => {
  let cells = 0;
  let typed = 0;
  for (const [title, rows] of TEMPLATE)
    for (const row of rows)
      for (const [header, value] of Object.entries(row)) {
        if (!filled(value)) continue;
        cells += 1;
        if (corruptible(title, header)) typed += 1;
      }
  return typed / cells;
})();

export interface Person {
  readonly name: string;
  readonly id: string;
  readonly sex: "男" | "女";
  readonly birth: string;
  readonly mobile: string;
  readonly email: string;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/**
 * Person number k of the county. The ID is unique by construction: k picks the 3-digit
 * sequence (k mod 1000) and, through k div 1000, a distinct birth date among 1,800 days of
 * 1980–1984 (older than 张伟, so every date of his rows stays plausible for them).
 */
export function personAt(k: number, rng: Rng): Person {
  const sequence = k % 1000;
  const day = (Math.floor(k / 1000) + 257 * sequence) % 1800;
  const birthDate = new Date(Date.UTC(1980, 0, 1 + day));
  const birth = birthDate.toISOString().slice(0, 10);
  const id = residentId(birth.replaceAll("-", ""), pad(sequence, 3));
  const name = `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.next() < 0.6 ? rng.pick(GIVEN) : ""}`;
  return {
    name,
    id,
    sex: sequence % 2 === 1 ? "男" : "女",
    birth,
    mobile: `138${pad(k % 100_000_000, 8)}`,
    email: `t${k}@example.cn`,
  };
}

export interface Tally {
  people: number;
  rows: number;
  /** Non-empty data cells. */
  cells: number;
  /** Cells replaced by a wrong value. */
  corrupted: number;
}

export const emptyTally = (): Tally => ({ people: 0, rows: 0, cells: 0, corrupted: 0 });

function personRows(person: Person): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const [title, rows] of TEMPLATE) {
    out.set(
      title,
      rows.map((row) => {
        const own: Record<string, Cell> = { ...row, 姓名: person.name, 身份证件号: person.id };
        if (title === "基本信息") Object.assign(own, { 性别: person.sex, 出生日期: person.birth });
        if (title === "联系方式")
          Object.assign(own, { 移动电话: person.mobile, 电子信箱: person.email });
        return own;
      }),
    );
  }
  return out;
}

/**
 * Replaces about `rate` of the row's filled cells by a wrong value for their type, counting what
 * it did (the tally, not the rate, is what the report shows).
 */
function corrupt(title: string, row: Record<string, Cell>, rate: number, rng: Rng, tally: Tally) {
  const types = sectionColumns.get(title);
  const chance = Math.min(1, rate / CORRUPTIBLE_SHARE);
  for (const [header, value] of Object.entries(row)) {
    if (!filled(value)) continue;
    tally.cells += 1;
    if (!corruptible(title, header) || rng.next() >= chance) continue;
    row[header] = BAD[types?.get(header) ?? "text"];
    tally.corrupted += 1;
  }
}

export interface SchoolSpec {
  readonly index: number;
  readonly people: number;
  /** Global number of the school's first person, so IDs stay unique across the county. */
  readonly firstPerson: number;
  readonly invalidRate: number;
}

export const schoolCode = (index: number): string => `4306239${pad(index, 3)}`;
export const schoolName = (index: number): string => `华容县第${index + 1}学校`;

/** One school as the worker would read it: header row then data rows, per tab. */
export function makeSchool(spec: SchoolSpec, rng: Rng, tally: Tally): SchoolInput {
  const rowsByTab = new Map<string, Row[]>(TAB_TITLES.map((title) => [title, []]));
  for (let p = 0; p < spec.people; p += 1) {
    const person = personAt(spec.firstPerson + p, rng);
    tally.people += 1;
    for (const [title, rows] of personRows(person)) {
      for (const row of rows) corrupt(title, row, spec.invalidRate, rng, tally);
      tally.rows += rows.length;
      rowsByTab.get(title)?.push(...rows);
    }
  }
  const tabs: Record<string, Cell[][]> = {};
  for (const [title, rows] of rowsByTab) tabs[title] = sheetRows(CATEGORY, title, rows);
  return { code: schoolCode(spec.index), name: schoolName(spec.index), category: CATEGORY, tabs };
}

/** The county-wide ID register the worker keeps in D1, as the validator's lookup needs it. */
export function registerOf(schools: readonly SchoolInput[]): Map<string, IdConflict> {
  const register = new Map<string, IdConflict>();
  for (const school of schools) {
    const basic = school.tabs.基本信息 ?? [];
    const column = basic[0]?.indexOf("身份证件号") ?? -1;
    for (const row of basic.slice(1)) {
      const id = row?.[column];
      if (typeof id === "string" && !register.has(id))
        register.set(id, { others: [{ schoolCode: school.code, schoolName: school.name }] });
    }
  }
  return register;
}
