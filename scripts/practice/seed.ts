import { residentIdCheckDigit } from "../../src/core/normalise/index";
import type { School } from "../../src/core/templates/index";
import { basicRow, contactRow, type DemoPerson, demoPeople } from "../demo/people";

/**
 * What a practice school holds before its trainee arrives: new teachers (who fill only 基本信息
 * and 联系方式) typed the way school staff really type them, mistakes included. Each mistake is
 * one the validator names in 校验结果 with a message that says how to fix it; the last teachers
 * are right, some typed in forms the system accepts as they are (2017.3.5, spaces in a phone
 * number, full-width digits), so the principal has rows to tick from the start.
 */
export const PEOPLE_PER_SCHOOL = 9;

type Row = Record<string, string>;
interface Seeded {
  readonly basic: Row[];
  readonly contact: Row[];
}

/** One seeded mistake: how the exercise list names it, and how it is typed into the rows. */
interface Mistake {
  readonly what: string;
  readonly plant: (rows: { basic: Row; contact: Row }, person: DemoPerson) => void;
}

/** In the order the teachers are typed; the duplicated row is planted by `seedRows`. */
const MISTAKES: readonly Mistake[] = [
  {
    what: "身份证件号校验位错误",
    plant: ({ basic }, p) => {
      const wrong = p.idNumber.endsWith("1") ? "2" : "1";
      basic.身份证件号 = `'${p.idNumber.slice(0, 17)}${wrong}`;
    },
  },
  {
    // Sheets shows 2009.10 typed as a number as 2009.1: January or October?
    what: "参加工作年月写成 2009.1",
    plant: ({ basic }) => {
      basic.参加工作年月 = `${basic.参加工作年月?.slice(0, 4)}.1`;
    },
  },
  {
    what: "政治面貌的代码与名称对不上（从旧表格粘贴的「代码-名称」）",
    plant: ({ basic }) => {
      basic.政治面貌 = "01-中国共产主义青年团团员";
    },
  },
  {
    what: "必填的民族没有填",
    plant: ({ basic }) => {
      basic.民族 = "";
    },
  },
  {
    what: "移动电话填了固定电话",
    plant: ({ contact }) => {
      contact.移动电话 = "0730-4221234";
    },
  },
  {
    what: "进本校年月早于参加工作年月",
    plant: ({ basic }) => {
      const joined = "进本校年月" in basic ? "进本校年月" : "进本园年月";
      basic[joined] = `${Number(basic.参加工作年月?.slice(0, 4)) - 1}-09`;
    },
  },
];

/** What the trainees will find, in the order typed: the planted mistakes, then the double row. */
export const SEEDED_MISTAKES: readonly string[] = [
  ...MISTAKES.map((mistake) => mistake.what),
  "同一位教师录了两行",
];

/** The ways of typing the system accepts as they are, on one right row. */
function typedAsStaffDo(rows: { basic: Row; contact: Row }, p: DemoPerson) {
  const [year, month, day] = p.birth.split("-").map(Number);
  rows.basic.出生日期 = `${year}.${month}.${day}`;
  rows.contact.移动电话 = `${p.mobile.slice(0, 3)} ${p.mobile.slice(3, 7)} ${p.mobile.slice(7)}`;
  rows.contact.邮政编码 = "４１４２００";
}

/**
 * The school's teachers: names, sexes and phones from the demo's seeded generator, ID numbers
 * made unique across the practice county from `schoolIndex` (two schools entering one ID would
 * turn every later exercise into a county conflict).
 */
function practicePeople(schoolIndex: number): DemoPerson[] {
  return demoPeople(PEOPLE_PER_SCHOOL, 7000 + schoolIndex).map((person, i) => {
    const g = schoolIndex * PEOPLE_PER_SCHOOL + i;
    const year = 1975 + (g % 25);
    const dayOfYear = Math.floor(g / 25) % (12 * 28);
    const month = String(Math.floor(dayOfYear / 28) + 1).padStart(2, "0");
    const day = String((dayOfYear % 28) + 1).padStart(2, "0");
    const serial = `${String(10 + Math.floor(g / (25 * 12 * 28))).padStart(2, "0")}${person.sex === "男" ? 1 : 2}`;
    const first17 = `430623${year}${month}${day}${serial}`;
    return {
      ...person,
      birth: `${year}-${month}-${day}`,
      idNumber: first17 + residentIdCheckDigit(first17),
    };
  });
}

/** The rows as the info admin types them: one mistake per teacher, then one row twice. */
export function seedRows(school: School, schoolIndex: number): Seeded {
  const people = practicePeople(schoolIndex);
  const typed = people.map((p) => ({
    basic: basicRow(p, school.category),
    contact: contactRow(p),
  }));
  MISTAKES.forEach((mistake, i) => {
    const person = people[i];
    const rows = typed[i];
    if (person && rows) mistake.plant(rows, person);
  });
  const accepted = typed.length - 1;
  const [last, right] = [typed[accepted], people[accepted]];
  if (last && right) typedAsStaffDo(last, right);
  const basic = typed.map((rows) => rows.basic);
  // Typed twice: the row copied down to start the next teacher and never changed.
  const twice = basic[MISTAKES.length];
  if (twice) basic.splice(MISTAKES.length + 1, 0, { ...twice });
  return { basic, contact: typed.map((rows) => rows.contact) };
}
