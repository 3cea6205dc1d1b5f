import { describe, expect, it } from "vitest";
import {
  crossSectionSentence,
  requiredWhen,
  ruleSentence,
  ruleWords,
} from "../../scripts/manual/rules";
import { columnWords } from "../../scripts/manual/tabs";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { ResolvedSection } from "../../src/core/templates/index";

const sections = shippedTemplates.categories.primary_secondary.sections;
const section = (key: string): ResolvedSection => {
  const found = sections.find((s) => s.key === key);
  if (found === undefined) throw new Error(key);
  return found;
};
const basic = section("basic");
const words = (key: string) => ruleWords(section(key), basic, shippedTemplates.codeTables);

describe("rule sentences", () => {
  it("names columns by header and codes by name, from the rule's data", () => {
    const w = words("basic");
    expect(
      ruleSentence(
        { rule: "empty_when", column: "ethnicity", when: { column: "country", notIn: ["156"] } },
        w,
      ),
    ).toBe("「国籍/地区」不为“中国”时，「民族」应留空。");
    expect(
      ruleSentence({ rule: "order", earlier: "workStart", later: "joinSchool", strict: false }, w),
    ).toBe("「进本校年月」不能早于「参加工作年月」。");
    expect(requiredWhen(basic, "employmentForm", w)).toEqual(["「是否在编」为“否”时必填"]);
  });

  it("joins several conditions and lists the columns a 无 clears", () => {
    const w = words("qualification");
    const none = section("qualification").rules.find((r) => r.rule === "none_value");
    expect(none && ruleSentence(none, w)).toBe(
      "「教师资格证种类」选“无”时，「教师资格证号码」「任教学科」「证书颁发日期」「颁发机构」应留空。",
    );
  });

  it("says cross-section rules against the person's 基本信息", () => {
    expect(
      crossSectionSentence(
        {
          rule: "age_at",
          column: "enrolDate",
          birthDate: "birthDate",
          errorBelow: 10,
          warnBelow: 14,
        },
        words("education"),
      ),
    ).toBe(
      "按“基本信息”中的「出生日期」，「入学年月」时年龄不满10岁为错误，不满14岁给出提示（请核对）。",
    );
  });
});

describe("column requirements", () => {
  it("come from the column's type, limits and default", () => {
    const [name, , sex, country] = basic.columns;
    const tables = shippedTemplates.codeTables;
    expect(name && columnWords(name, tables)).toBe("文字；2–30个字；不含数字");
    expect(sex && columnWords(sex, tables)).toContain("男（1）、女（2）");
    expect(country && columnWords(country, tables)).toBe(
      "从下拉列表选择；代码表「国家（地区）」共66项，见附录；不填时默认为“中国”",
    );
  });
});
