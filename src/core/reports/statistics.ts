/**
 * The summary spreadsheet's 统计 tab: the tables a county reports on its staff, from effective
 * records only (what the principal and the county have both passed), so a figure never counts a
 * value still under review. Pure: the caller passes the values and today's date.
 *
 * The tab is one long table, 统计项 | 分类 | 人数 | 男 | 女, one block per 统计项. Every block
 * has a fixed list of rows (all of a code table's names, zeros included), so the layout depends
 * on the templates alone and the charts added once keep pointing at the right rows.
 *
 * Who counts: everyone with an effective 基本信息 record. Their other sections count only when
 * effective too; someone with none in a section is counted under 未填报.
 */
import { ageAt } from "../normalise/dates";
import type { RecordValues } from "../sync/model";
import type { SchoolCategory, Templates } from "../templates/index";
import type { Value } from "../validate/index";

/** The latest effective values of one record, with the person it belongs to. */
export interface EffectiveRecord {
  /** The registry's person key: groups a person's records without their ID number. */
  readonly personKey: string;
  readonly category: SchoolCategory;
  /** Section key: basic, education, title, post. */
  readonly section: string;
  readonly values: RecordValues;
}

export const STATISTICS_TITLE = "统计";
export const STATISTICS_HEADERS: readonly string[] = ["统计项", "分类", "人数", "男", "女"];
export const STATISTICS_NOTE = "仅统计已生效的信息";
/** The sections the tables read, and of their values only these columns (never an ID). */
export const STATISTICS_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  basic: [
    "sex",
    "birthDate",
    "ethnicity",
    "political",
    "staffCategory",
    "established",
    "newTeacher",
  ],
  education: ["education"],
  title: ["techTitle"],
  post: ["postType", "appointStart"],
};

const MISSING = "未填报";

export type StatisticsCell = string | number;

export interface StatisticsBlock {
  readonly title: string;
  /** 0-based rows of `table` the block's first and past-last data rows are on. */
  readonly startRow: number;
  readonly endRow: number;
}

export interface Statistics {
  /** Header, the note, the county total, then the blocks. */
  readonly table: readonly (readonly StatisticsCell[])[];
  readonly blocks: readonly StatisticsBlock[];
}

interface Person {
  readonly category: SchoolCategory;
  readonly basic: RecordValues;
  readonly records: Readonly<Record<string, RecordValues[]>>;
}

/** One 统计项: its fixed row labels and which of them a person falls under. */
interface BlockRule {
  readonly title: string;
  readonly labels: readonly string[];
  readonly classify: (person: Person) => string;
}

const AGE_BANDS = [
  { label: "30岁以下", below: 30 },
  { label: "30～39岁", below: 40 },
  { label: "40～49岁", below: 50 },
  { label: "50～54岁", below: 55 },
  { label: "55岁及以上", below: Number.POSITIVE_INFINITY },
] as const;

/**
 * 学历 levels by the code's first digit (GB/T 4658: a lower first digit is a higher level;
 * 毕业, 结业 and 肄业 of one level count together). 0 (无) and 90 (其他) rank below them all.
 */
const EDUCATION_LEVELS: readonly { readonly digit: string; readonly label: string }[] = [
  { digit: "1", label: "研究生" },
  { digit: "2", label: "大学本科" },
  { digit: "3", label: "大学专科" },
  { digit: "4", label: "中专、职高、技校" },
  { digit: "6", label: "普通高中" },
  { digit: "7", label: "初中" },
  { digit: "8", label: "小学" },
];
const EDUCATION_OTHER = "无或其他";

/** 专业技术职务 codes, highest first: titles only go up, so the highest is the one held. */
const TITLE_RANK = ["1", "2", "3", "4", "5", "6", "9", "0"];

export function buildStatistics(
  records: readonly EffectiveRecord[],
  templates: Templates,
  today: string,
): Statistics {
  const people = groupPeople(records);
  const rules = blockRules(templates, today);
  const header = [...STATISTICS_HEADERS];
  const note = ["说明", `${STATISTICS_NOTE}（统计日期 ${today}）`];
  const table: StatisticsCell[][] = [header, note, ["全县教职工", "合计", ...tally(people)]];
  const blocks: StatisticsBlock[] = [];
  for (const rule of rules) {
    const startRow = table.length;
    for (const label of rule.labels) {
      const members = people.filter((person) => rule.classify(person) === label);
      table.push([rule.title, label, ...tally(members)]);
    }
    blocks.push({ title: rule.title, startRow, endRow: table.length });
  }
  return { table, blocks };
}

function groupPeople(records: readonly EffectiveRecord[]): Person[] {
  const basics = new Map<string, { category: SchoolCategory; basic: RecordValues }>();
  const others = new Map<string, Record<string, RecordValues[]>>();
  for (const record of records) {
    if (record.section === "basic") {
      basics.set(record.personKey, { category: record.category, basic: record.values });
      continue;
    }
    const mine = others.get(record.personKey) ?? {};
    others.set(record.personKey, mine);
    const list = mine[record.section] ?? [];
    mine[record.section] = list;
    list.push(record.values);
  }
  return [...basics].map(([key, person]) => ({ ...person, records: others.get(key) ?? {} }));
}

/** 人数, 男, 女 (GB/T 2261.1: 1 男, 2 女). */
function tally(people: readonly Person[]): number[] {
  const sex = (code: string) => people.filter((person) => text(person.basic.sex) === code).length;
  return [people.length, sex("1"), sex("2")];
}

function blockRules(templates: Templates, today: string): BlockRule[] {
  const categories = Object.values(templates.categories);
  const names = (section: string, column: string) => codeNames(templates, section, column);
  const byCode = (section: string, column: string, value: (p: Person) => string) => {
    const labels = names(section, column);
    return (person: Person) => {
      const code = value(person);
      return code === "" ? MISSING : (labels.get(person.category)?.get(code) ?? MISSING);
    };
  };
  const basicCode = (column: string) => byCode("basic", column, (p) => text(p.basic[column]));
  /** Every category's names of a code column, first appearance first, each name once. */
  const ordered = (section: string, column: string) => [
    ...new Set(
      categories
        .flatMap(({ category }) => [...(names(section, column).get(category) ?? [])])
        .map(([, name]) => name),
    ),
  ];
  return [
    {
      title: "学校类别",
      labels: categories.map((c) => c.title),
      classify: (p) => templates.categories[p.category].title,
    },
    {
      title: "年龄段",
      labels: AGE_BANDS.map((band) => band.label),
      classify: (p) => {
        const age = ageAt(text(p.basic.birthDate), today) ?? 0;
        return AGE_BANDS.find((band) => age < band.below)?.label ?? MISSING;
      },
    },
    {
      title: "最高学历",
      labels: [...EDUCATION_LEVELS.map((level) => level.label), EDUCATION_OTHER, MISSING],
      classify: highestEducation,
    },
    {
      title: "专业技术职务",
      labels: [...ordered("title", "techTitle"), MISSING],
      classify: byCode("title", "techTitle", (p) => highestTitle(p.records.title ?? [])),
    },
    {
      title: "岗位类别",
      labels: [...ordered("post", "postType"), MISSING],
      classify: byCode("post", "postType", (p) => latestPost(p.records.post ?? [])),
    },
    {
      title: "是否在编",
      labels: ["是", "否"],
      classify: (p) => (text(p.basic.established) === "1" ? "是" : "否"),
    },
    {
      title: "教职工类别",
      // Kindergartens have their own list; the same name (专任教师) is one row for both.
      labels: [...ordered("basic", "staffCategory"), MISSING],
      classify: basicCode("staffCategory"),
    },
    {
      title: "民族",
      labels: ["汉族", "少数民族", "其他或未填写"],
      // GB 3304: 01 汉族, 02–56 the minorities, 97/98 neither; foreigners leave it empty.
      classify: (p) => {
        const code = text(p.basic.ethnicity);
        if (code === "01") return "汉族";
        return /^(0[2-9]|[1-4]\d|5[0-6])$/.test(code) ? "少数民族" : "其他或未填写";
      },
    },
    {
      title: "政治面貌",
      labels: [...ordered("basic", "political"), MISSING],
      classify: basicCode("political"),
    },
    {
      title: "新任教师",
      labels: ["是", "否"],
      classify: (p) => (text(p.basic.newTeacher) === "1" ? "是" : "否"),
    },
  ];
}

/**
 * Code → name of a code column, per school category (a variant may use another table), in the
 * table's order.
 */
function codeNames(
  templates: Templates,
  section: string,
  column: string,
): Map<SchoolCategory, Map<string, string>> {
  return new Map(
    Object.values(templates.categories).map(({ category, sections }) => {
      const table = sections
        .find((s) => s.key === section)
        ?.columns.find((c) => c.key === column)?.codeTable;
      const entries = table === undefined ? [] : (templates.codeTables.get(table)?.entries ?? []);
      return [category, new Map(entries.map((entry) => [entry.code, entry.name]))];
    }),
  );
}

function highestEducation(person: Person): string {
  const codes = (person.records.education ?? []).map((values) => text(values.education));
  if (codes.length === 0) return MISSING;
  const level = EDUCATION_LEVELS.find(({ digit }) =>
    codes.some((code) => code.length === 2 && code.startsWith(digit) && code !== "90"),
  );
  return level?.label ?? EDUCATION_OTHER;
}

function highestTitle(records: readonly RecordValues[]): string {
  const codes = records.map((values) => text(values.techTitle));
  return TITLE_RANK.find((code) => codes.includes(code)) ?? "";
}

/** The post held now: the appointment that started last (ISO year-months sort as text). */
function latestPost(records: readonly RecordValues[]): string {
  const latest = [...records].sort((a, b) =>
    text(b.appointStart).localeCompare(text(a.appointStart)),
  )[0];
  return latest === undefined ? "" : text(latest.postType);
}

function text(value: Value | undefined): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** The charts of the first four blocks, by fixed ids so a later build sees they are there. */
export const STATISTICS_CHART_IDS = [7_101, 7_102, 7_103, 7_104] as const;
const CHART_COLUMN = STATISTICS_HEADERS.length + 1;
const CHART_ROWS = 20;
const CHART_COLUMNS = 8;

/**
 * The spreadsheets.batchUpdate requests for the 统计 tab: the grid sized to the table and the
 * charts, the county total in bold, and, when `addCharts`, one chart per first four blocks:
 * 学校类别 by sex (columns 男, 女), 年龄段 and 专业技术职务 (人数) as columns, 最高学历 as a pie.
 * The blocks' rows are fixed by the templates, so charts once added stay right.
 */
export function statisticsFormatRequests(
  sheetId: number,
  statistics: Statistics,
  addCharts: boolean,
): unknown[] {
  const range = (block: StatisticsBlock, column: number) => ({
    sourceRange: {
      sources: [
        {
          sheetId,
          startRowIndex: block.startRow,
          endRowIndex: block.endRow,
          startColumnIndex: column,
          endColumnIndex: column + 1,
        },
      ],
    },
  });
  const [PEOPLE, MALE, FEMALE] = [2, 3, 4];
  const spec = (block: StatisticsBlock, index: number) => {
    const title = `${block.title}（人）`;
    if (index === 2)
      return {
        title,
        pieChart: {
          legendPosition: "RIGHT_LEGEND",
          domain: range(block, 1),
          series: range(block, PEOPLE),
        },
      };
    const series = index === 0 ? [MALE, FEMALE] : [PEOPLE];
    return {
      title,
      basicChart: {
        chartType: "COLUMN",
        legendPosition: index === 0 ? "BOTTOM_LEGEND" : "NO_LEGEND",
        domains: [{ domain: range(block, 1) }],
        series: series.map((column) => ({ series: range(block, column), targetAxis: "LEFT_AXIS" })),
      },
    };
  };
  const charts = statistics.blocks.slice(0, STATISTICS_CHART_IDS.length).map((block, index) => ({
    addChart: {
      chart: {
        chartId: STATISTICS_CHART_IDS[index],
        spec: spec(block, index),
        position: {
          overlayPosition: {
            anchorCell: { sheetId, rowIndex: index * CHART_ROWS, columnIndex: CHART_COLUMN },
          },
        },
      },
    },
  }));
  const rows = statistics.table.length;
  return [
    {
      updateSheetProperties: {
        properties: {
          sheetId,
          gridProperties: {
            rowCount: Math.max(rows, STATISTICS_CHART_IDS.length * CHART_ROWS),
            columnCount: CHART_COLUMN + CHART_COLUMNS,
          },
        },
        fields: "gridProperties(rowCount,columnCount)",
      },
    },
    {
      repeatCell: {
        range: {
          sheetId,
          startRowIndex: 2,
          endRowIndex: 3,
          startColumnIndex: 0,
          endColumnIndex: STATISTICS_HEADERS.length,
        },
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: "userEnteredFormat.textFormat.bold",
      },
    },
    ...(addCharts ? charts : []),
  ];
}
