/**
 * The schools CSV's optional 主管学校 column (issue 18, item 10): the township middle school or
 * 中心小学 whose principal confirms a school's 在职情况变动 before 人事股.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syncTargetOf } from "../../../src/core/sync/changed-spreadsheets";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import {
  formatSchoolIssue,
  parseSchoolsCsv,
  SCHOOL_HEADERS,
} from "../../../src/core/templates/schools";

const EXAMPLE = readFileSync(
  new URL("../../../sheet-templates/examples/huarong-schools.csv", import.meta.url),
  "utf8",
);
const HEADER = [...SCHOOL_HEADERS, "主管学校"].join(",");
const row = (code: string, name: string, supervisor = "") =>
  `${code},${name},中小学,小学,治河渡镇,a@x.cn,b@x.cn,c@x.cn,,${supervisor}`;

function parse(lines: string[]) {
  const result = parseSchoolsCsv(lines.join("\n"), shippedTemplates.codeTables);
  return result.ok
    ? { schools: result.value, issues: [] }
    : { schools: [], issues: result.issues.map(formatSchoolIssue) };
}

describe("主管学校", () => {
  it("is optional: a list without the column loads, every school county-direct", () => {
    const lines = [
      SCHOOL_HEADERS.join(","),
      "4306230001,某中学,中小学,初级中学,章华镇,a@x.cn,b@x.cn,c@x.cn,",
    ];
    const { schools, issues } = parse(lines);
    expect(issues).toEqual([]);
    expect(schools[0]?.supervisor).toBeUndefined();
  });

  it("keeps the township school's code for a village school; blank is county-direct", () => {
    const { schools, issues } = parse([
      HEADER,
      row("4306230006", "治河渡镇中学"),
      row("4306230020", "治河渡镇西湖村教学点", "4306230006"),
    ]);
    expect(issues).toEqual([]);
    expect(schools.map((s) => s.supervisor)).toEqual([undefined, "4306230006"]);
  });

  it("names the row of a 主管学校 that is no school of the list, the school itself, or has one itself", () => {
    const { issues } = parse([
      HEADER,
      row("4306230006", "治河渡镇中学", "4306230099"),
      row("4306230020", "西湖村教学点", "4306230020"),
      row("4306230021", "东湖村教学点", "4306230022"),
      row("4306230022", "南湖村教学点", "4306230023"),
      row("4306230023", "北湖中学"),
      row("4306230024", "某教学点", "12345"),
    ]);
    expect(issues).toEqual([
      "第7行「主管学校」：须为10位学校代码，实际为「12345」",
      "第2行「主管学校」：学校代码「4306230099」不在本名单中",
      "第3行「主管学校」：不能填写本校的学校代码",
      "第4行「主管学校」：「南湖村教学点」本身有主管学校，主管学校须直接报人事股",
    ]);
  });

  it("the Huarong example puts its village school under its township's middle school", () => {
    const { schools, issues } = parse([EXAMPLE]);
    expect(issues).toEqual([]);
    const village = schools.find((s) => s.name === "治河渡镇西湖村教学点");
    expect(village?.supervisor).toBe("4306230006");
    expect(schools.find((s) => s.code === "4306230006")?.name).toBe("治河渡镇中学");
    expect(schools.filter((s) => s.supervisor === undefined).length).toBe(schools.length - 1);
  });
});

describe("the 主管学校 travels with the school's spreadsheet (appProperty schoolSupervisor)", () => {
  it("into the sync message's school; absent for a county-direct school", () => {
    const props = {
      tmisKind: "school",
      schoolCode: "4306230020",
      schoolName: "治河渡镇西湖村教学点",
      schoolCategory: "primary_secondary",
    };
    expect(syncTargetOf({ ...props, schoolSupervisor: "4306230006" })).toMatchObject({
      kind: "school",
      school: { code: "4306230020", supervisor: "4306230006" },
    });
    const direct = syncTargetOf(props);
    expect(direct?.kind === "school" ? direct.school.supervisor : "none").toBeUndefined();
  });
});
