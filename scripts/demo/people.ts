import { residentIdCheckDigit } from "../../src/core/normalise/index";
import type { SchoolCategory } from "../../src/core/templates/index";

/**
 * Demo teachers: realistic Chinese names and valid ID numbers from a seeded generator, so every
 * run of the demo types the same rows. All are new teachers (新任教师), who fill only 基本信息 and
 * 联系方式, which keeps the walk-through short while every rule of those two tabs still applies.
 */
export interface DemoPerson {
  name: string;
  sex: "男" | "女";
  birth: string;
  idNumber: string;
  mobile: string;
}

const SURNAMES = "李王张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕";
const GIVEN_MALE = [
  "建国",
  "志强",
  "伟",
  "俊杰",
  "浩然",
  "明",
  "子轩",
  "文博",
  "国平",
  "海涛",
  "宇航",
  "立新",
];
const GIVEN_FEMALE = [
  "晓燕",
  "丽娟",
  "芳",
  "婷婷",
  "雨欣",
  "静",
  "慧敏",
  "佳怡",
  "秀英",
  "梦瑶",
  "春梅",
  "思琪",
];

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoPeople(count: number, seed: number): DemoPerson[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const sex = random() < 0.65 ? "女" : "男";
    const year = 1975 + Math.floor(random() * 25);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
    const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
    // The 17th digit carries the sex: odd for 男, even for 女.
    const serial = `${String(10 + i).padStart(2, "0")}${sex === "男" ? 1 + 2 * Math.floor(random() * 5) : 2 * Math.floor(random() * 5)}`;
    const first17 = `430623${year}${month}${day}${serial}`;
    return {
      name: pick([...SURNAMES]) + pick(sex === "男" ? GIVEN_MALE : GIVEN_FEMALE),
      sex,
      birth: `${year}-${month}-${day}`,
      idNumber: first17 + residentIdCheckDigit(first17),
      mobile: `13${String(Math.floor(random() * 1e9)).padStart(9, "0")}`,
    };
  });
}

/**
 * How staff type an ID number into Sheets: with a leading apostrophe, or Sheets would take the
 * 18 digits for a number and round them (the validator catches that too).
 */
const typedId = (person: DemoPerson) => `'${person.idNumber}`;

/** A 基本信息 row by header, as an info admin would type it for this school category. */
export function basicRow(person: DemoPerson, category: SchoolCategory): Record<string, string> {
  const workStart = `${Number(person.birth.slice(0, 4)) + 22}-09`;
  const joined = category === "kindergarten" ? "进本园年月" : "进本校年月";
  return {
    姓名: person.name,
    性别: person.sex,
    "国籍/地区": "中国",
    身份证件类型: "居民身份证",
    身份证件号: typedId(person),
    出生日期: person.birth,
    籍贯: "湖南省华容县",
    民族: "汉族",
    政治面貌: "群众",
    婚姻状况: "已婚",
    健康状况: "健康或良好",
    参加工作年月: workStart,
    [joined]: workStart,
    教职工来源: "应届毕业生",
    教职工类别: "专任教师",
    是否在编: "是",
    签订合同情况: "聘用合同",
    是否全日制师范类专业毕业: "是",
    是否受过特教专业培养培训: "否",
    是否有特殊教育从业证书: "否",
    是否全日制学前教育专业毕业: category === "kindergarten" ? "是" : "否",
    是否受过学前教育专业培养培训: "否",
    是否全日制特殊教育专业毕业: "否",
    "是否“双师型”教师": "否",
    是否具备职业技能等级证书: "否",
    "企业工作（实践）时长（月）": "0",
    信息技术应用能力: "熟练",
    "是否属于免费（公费）师范生": "否",
    是否参加基层服务项目: "否",
    是否是特级教师: "否",
    是否县级及以上骨干教师: "否",
    是否心理健康教育教师: "否",
    人员状态: "在本单位任职",
    是否新任教师: "是",
  };
}

export function contactRow(person: DemoPerson): Record<string, string> {
  return {
    姓名: person.name,
    身份证件号: typedId(person),
    移动电话: person.mobile,
    办公电话: "0730-4221234",
    电子信箱: `t${person.idNumber.slice(-6)}@hrjy.example.cn`,
    通信地址: "湖南省岳阳市华容县章华镇",
    邮政编码: "414200",
  };
}
