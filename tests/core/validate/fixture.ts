/**
 * A fully valid school with three people, built from header texts so tests read like the
 * sheet: 张伟 (experienced, every section), 李娜 (not 在编, 基层服务), 王芳 (a new teacher who
 * fills only 基本信息 and 联系方式). Tests copy it, change cells and look at the findings.
 */
import { residentIdCheckDigit } from "../../../src/core/normalise";
import { type SchoolCategory, templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import {
  type Cell,
  type Finding,
  type IdLookup,
  type SchoolInput,
  validateSchool,
} from "../../../src/core/validate";

export const TODAY = "2017-03-01";
export const SCHOOL = { code: "4306230002", name: "华容县实验小学" };

/** A resident ID for a birth date; the sequence's last digit carries the sex (odd = 男). */
export function residentId(birth: string, sequence: string, area = "430623"): string {
  const first17 = `${area}${birth}${sequence}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
}

export const ID = {
  zhang: residentId("19850601", "011"),
  li: residentId("19900915", "022"),
  wang: residentId("19950320", "042"),
};

type Row = Readonly<Record<string, Cell>>;
export type Tabs = Record<string, Row[]>;

const who = (name: string, id: string): Row => ({ 姓名: name, 身份证件号: id });
const ZHANG = who("张伟", ID.zhang);
const LI = who("李娜", ID.li);
const WANG = who("王芳", ID.wang);

const basicCommon: Row = {
  "国籍/地区": "中国",
  身份证件类型: "居民身份证",
  籍贯: "湖南省华容县",
  出生地: "湖南省华容县",
  民族: "汉族",
  婚姻状况: "已婚",
  健康状况: "健康或良好",
  教职工来源: "应届毕业生",
  教职工类别: "专任教师",
  签订合同情况: "聘用合同",
  是否全日制师范类专业毕业: "是",
  是否受过特教专业培养培训: "否",
  是否有特殊教育从业证书: "否",
  是否全日制学前教育专业毕业: "否",
  是否受过学前教育专业培养培训: "否",
  是否全日制特殊教育专业毕业: "否",
  "是否“双师型”教师": "否",
  是否具备职业技能等级证书: "否",
  "企业工作（实践）时长（月）": 0,
  信息技术应用能力: "熟练",
  "是否属于免费（公费）师范生": "否",
  是否是特级教师: "否",
  是否县级及以上骨干教师: "否",
  是否心理健康教育教师: "否",
  人员状态: "在本单位任职",
};

function basic(row: Row): Row {
  const joined = row.进本校年月;
  return { ...basicCommon, 进本园年月: joined, ...row };
}

export function validTabs(): Tabs {
  return {
    基本信息: [
      basic({
        ...ZHANG,
        性别: "男",
        身份证件号: ID.zhang,
        出生日期: "1985-06-01",
        政治面貌: "中共党员",
        参加工作年月: "2007-09",
        进本校年月: "2012-09",
        是否在编: "是",
        是否参加基层服务项目: "否",
        是否县级及以上骨干教师: "是",
        是否新任教师: "否",
      }),
      basic({
        ...LI,
        性别: "女",
        出生日期: "1990-09-15",
        政治面貌: "共青团员",
        参加工作年月: "2012-09",
        进本校年月: "2014-09",
        是否在编: "否",
        用人形式: "人事代理",
        "合同期限（月）": 36,
        是否参加基层服务项目: "中央特岗计划",
        基层服务项目起始年月: "2012-09",
        基层服务项目结束年月: "2015-08",
        是否新任教师: "否",
      }),
      basic({
        ...WANG,
        性别: "女",
        出生日期: "1995-03-20",
        政治面貌: "群众",
        婚姻状况: "未婚",
        参加工作年月: "2016-09",
        进本校年月: "2016-09",
        是否在编: "是",
        是否参加基层服务项目: "否",
        是否新任教师: "是",
      }),
    ],
    学习经历: [
      {
        ...ZHANG,
        获得学历: "大学本科毕业",
        "获得学历的国家（地区）": "中国",
        获得学历的院校或机构: "湖南师范大学",
        所学专业: "汉语言文学",
        是否师范类专业: "是",
        入学年月: "2003-09",
        毕业年月: "2007-06",
        学位层次: "学士",
        学位名称: "文学学士",
        "获得学位的国家（地区）": "中国",
        获得学位的院校或机构: "湖南师范大学",
        学位授予年月: "2007-06",
        学习方式: "全日制",
      },
      {
        ...LI,
        获得学历: "大学专科毕业",
        获得学历的院校或机构: "岳阳职业技术学院",
        所学专业: "小学教育",
        是否师范类专业: "是",
        入学年月: "2009-09",
        毕业年月: "2012-06",
        学位层次: "无",
        学习方式: "全日制",
      },
    ],
    工作经历: [
      {
        ...ZHANG,
        任职单位名称: "华容县治河渡镇中学",
        任职开始年月: "2007-09",
        任职结束年月: "2012-08",
        单位性质类别: "中小学",
        任职岗位: "语文教师",
      },
      {
        ...ZHANG,
        任职单位名称: "华容县实验小学",
        任职开始年月: "2012-09",
        单位性质类别: "中小学",
        任职岗位: "语文教师",
      },
      {
        ...LI,
        任职单位名称: "华容县北景港镇中心小学",
        任职开始年月: "2012-09",
        任职结束年月: "2014-08",
      },
      { ...LI, 任职单位名称: "华容县实验小学", 任职开始年月: "2014-09" },
    ],
    岗位聘任: [
      {
        ...ZHANG,
        岗位类别: "专业技术岗位（教师）",
        岗位等级: "十级",
        聘任开始年月: "2013-01",
        是否兼任其他岗位: "否",
        校级职务: "无",
      },
      {
        ...LI,
        岗位类别: "专业技术岗位（教师）",
        岗位等级: "十二级",
        聘任开始年月: "2015-01",
        校级职务: "无",
      },
    ],
    专业技术职务聘任: [
      {
        ...ZHANG,
        聘任专业技术职务: "一级教师",
        聘任开始年月: "2013-01",
        聘任单位名称: "华容县实验小学",
      },
      { ...LI, 聘任专业技术职务: "无" },
    ],
    教师资格: [
      {
        ...ZHANG,
        教师资格证种类: "初级中学教师资格",
        教师资格证号码: "20074306231000123",
        任教学科: "语文",
        证书颁发日期: "2007-07-15",
        颁发机构: "岳阳市教育局",
      },
      {
        ...LI,
        教师资格证种类: "小学教师资格",
        教师资格证号码: "20124306222000456",
        任教学科: "数学",
      },
    ],
    教育教学: [
      {
        ...ZHANG,
        学年: "2016-2017",
        学期: "秋季学期（第一学期）",
        任教学段: "小学",
        任课状况: "任课",
        任教课程: "语文、数学",
        平均每周课堂教学课时数: 14,
        平均每周其他工作折合教学课时数: 4,
        兼任工作: "班主任",
      },
      {
        ...ZHANG,
        学年: "2016-2017",
        学期: "春季学期（第二学期）",
        任教学段: "小学",
        任课状况: "任课",
        任教课程: "语文",
        平均每周课堂教学课时数: 12,
        兼任工作: "班主任",
      },
      {
        ...LI,
        学年: "2016-2017",
        学期: "秋季学期（第一学期）",
        任教学段: "小学",
        任课状况: "任课",
        任教课程: "数学",
        平均每周课堂教学课时数: 16,
        兼任工作: "无",
      },
    ],
    教育科研成果及奖励: [
      {
        ...ZHANG,
        成果类型: "论文",
        名称: "小学语文阅读教学探索",
        本人角色: "独著",
        本人排名: 1,
        级别: "省级",
        年月: "2015-05",
        发表刊物或出版社或授奖单位: "湖南教育",
        编号: "CN43-1020/G4",
        是否代表性成果: "是",
      },
    ],
    入选人才项目: [{ ...ZHANG, 入选人才项目名称: "无" }],
    国内培训: [
      {
        ...ZHANG,
        培训年度: 2016,
        培训类别: "国家级培训",
        培训项目名称: "国培计划（2016）",
        培训机构名称: "湖南师范大学",
        培训方式: "集中面授",
        培训获得学时: 60,
        培训获得学分: 6,
      },
    ],
    "海外研修（访学）": [
      { ...ZHANG, "是否有海外研修（访学）经历": "否" },
      { ...LI, "是否有海外研修（访学）经历": "否" },
    ],
    技能及证书: [
      {
        ...ZHANG,
        语种: "英语",
        掌握程度: "一般",
        证书类型: "语言证书",
        证书名称: "普通话水平测试等级证书",
        发证年月: "2006-06",
        发证单位: "湖南省语言文字工作委员会",
        证书编号: "4300000123",
        普通话水平等级: "二级甲等",
      },
      { ...LI, 语种: "英语", 掌握程度: "较差", 证书类型: "无" },
    ],
    交流轮岗: [{ ...ZHANG, 交流轮岗类型: "无" }],
    联系方式: [
      {
        ...ZHANG,
        移动电话: "13807301234",
        办公电话: "0730-4221234",
        电子信箱: "zhangwei@example.cn",
        通信地址: "湖南省华容县章华镇华容大道1号",
        邮政编码: 414200,
      },
      { ...LI, 移动电话: "139 0730 5678", 邮政编码: "414200" },
      { ...WANG, 移动电话: "13607301111" },
    ],
    调动申请: [],
    在职情况变动: [],
    交流轮岗申请: [],
  };
}

/** Sheet rows for one tab: the template's headers (data then trailing columns) and the rows. */
export function sheetRows(category: SchoolCategory, title: string, rows: readonly Row[]): Cell[][] {
  const section = templateFor(shippedTemplates, category).find((s) => s.title === title);
  if (section === undefined) throw new Error(`no tab ${title}`);
  const headers = [...section.columns, ...section.trailingColumns].map((c) => c.header);
  return [headers, ...rows.map((row) => headers.map((header) => row[header] ?? ""))];
}

export function schoolInput(
  tabs: Tabs,
  category: SchoolCategory = "primary_secondary",
): SchoolInput {
  const sheets: Record<string, Cell[][]> = {};
  for (const [title, rows] of Object.entries(tabs))
    sheets[title] = sheetRows(category, title, rows);
  return { ...SCHOOL, category, tabs: sheets };
}

export interface RunOptions {
  readonly category?: SchoolCategory;
  readonly lookupId?: IdLookup;
}

export function run(tabs: Tabs, options: RunOptions = {}): readonly Finding[] {
  const input = schoolInput(tabs, options.category);
  return validateSchool(input, shippedTemplates, { today: TODAY, lookupId: options.lookupId })
    .findings;
}

/** A copy of the valid tabs with some cells of one row replaced (row index within the tab). */
export function edit(tab: string, index: number, cells: Row, tabs: Tabs = validTabs()): Tabs {
  const rows = tabs[tab];
  const row = rows?.[index];
  if (rows === undefined || row === undefined) throw new Error(`no row ${index} on ${tab}`);
  return { ...tabs, [tab]: rows.map((r, i) => (i === index ? { ...r, ...cells } : r)) };
}

export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.tab}!${f.row ?? "-"} ${f.column ?? "-"} ${f.code}: ${f.message}`);
}

/** The tabs with one person's ID number (and any other cells) changed on every row. */
export function replacePerson(tabs: Tabs, id: string, cells: Row): Tabs {
  const out: Tabs = {};
  for (const [title, rows] of Object.entries(tabs))
    out[title] = rows.map((row) => (row.身份证件号 === id ? { ...row, ...cells } : row));
  return out;
}

/** The tabs without one tab's rows for a person. */
export function dropRows(tabs: Tabs, title: string, id: string): Tabs {
  return { ...tabs, [title]: (tabs[title] ?? []).filter((row) => row.身份证件号 !== id) };
}
