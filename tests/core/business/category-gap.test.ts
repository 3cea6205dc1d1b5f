/**
 * Transfers across school types, in the core: which columns the receiving category requires that
 * a file in force lacks, the columns a record shows at a school of another category, and a row
 * read against its record in force (kept values merged, required gaps a warning, not an error).
 */
import { describe, expect, it } from "vitest";
import {
  categoryGaps,
  gapText,
  keptForeignValues,
  shownColumns,
} from "../../../src/core/business/category-gap";
import { fingerprint } from "../../../src/core/sync/fingerprint";
import { findingsInForce, valuesInForce } from "../../../src/core/sync/in-force";
import type { RegistryRecord } from "../../../src/core/sync/model";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";

/** The values in force of a primary school's 基本信息 (required columns filled, 基层服务 held). */
const PRIMARY_BASIC: Record<string, string> = {
  name: "李娜",
  idNumber: "430623199009150223",
  sex: "2",
  country: "156",
  idType: "1",
  birthDate: "1990-09-15",
  health: "1",
  workStart: "2012-09",
  joinSchool: "2014-09",
  staffSource: "101",
  staffCategory: "A1",
  established: "0",
  contract: "1",
  normalGraduate: "1",
  specialEdTrained: "0",
  specialEdCert: "0",
  itSkill: "2",
  freeNormal: "0",
  grassroots: "101",
  grassrootsStart: "2012-09",
  grassrootsEnd: "2015-08",
  specialTeacher: "0",
  backbone: "0",
  mentalHealth: "0",
  status: "100",
  newTeacher: "0",
};

const basicOf = (category: "vocational" | "primary_secondary") => {
  const section = templateFor(shippedTemplates, category).find((s) => s.key === "basic");
  if (section === undefined) throw new Error("no basic");
  return section;
};

describe("categoryGaps", () => {
  it("names the 中职 columns a primary school's file lacks, by header only", () => {
    const primaryKeys = new Set(basicOf("primary_secondary").columns.map((c) => c.key));
    // Only keys the primary template has: the fixture is a primary file.
    const file = [
      {
        section: "basic",
        values: Object.fromEntries(
          Object.entries(PRIMARY_BASIC).filter(([key]) => primaryKeys.has(key)),
        ),
      },
    ];
    const gaps = categoryGaps(shippedTemplates, "vocational", file);
    expect(gaps).toEqual([
      {
        section: "basic",
        title: "基本信息",
        headers: ["是否“双师型”教师", "是否具备职业技能等级证书"],
      },
    ]);
    expect(gapText(gaps)).toBe("基本信息：是否“双师型”教师、是否具备职业技能等级证书");
    expect(gapText(gaps)).not.toContain("2012-09");
  });

  it("finds nothing for a school of the same category, nor for sections the file has no record in", () => {
    const file = [{ section: "basic", values: PRIMARY_BASIC }];
    expect(categoryGaps(shippedTemplates, "primary_secondary", file)).toEqual([]);
    expect(categoryGaps(shippedTemplates, "vocational", [])).toEqual([]);
  });

  it("counts a protected value (an ID reference, a sealed cell) as filled", () => {
    const values = { ...PRIMARY_BASIC, idNumber: { $person: "k" } };
    const gaps = categoryGaps(shippedTemplates, "primary_secondary", [
      { section: "basic", values },
    ]);
    expect(gaps).toEqual([]);
  });
});

describe("shownColumns and keptForeignValues", () => {
  it("shows a vocational school's columns, then the 基层服务 columns the record holds", () => {
    const headers = shownColumns(shippedTemplates, "vocational", "basic", PRIMARY_BASIC).map(
      (c) => c.header,
    );
    const own = basicOf("vocational").columns.map((c) => c.header);
    expect(headers.slice(0, own.length)).toEqual(own);
    expect(headers.slice(own.length)).toEqual(
      expect.arrayContaining([
        "是否参加基层服务项目",
        "基层服务项目起始年月",
        "基层服务项目结束年月",
      ]),
    );
    // A column of another category with no value in the record is not shown.
    expect(headers).not.toContain("从事特教起始年月");
  });

  it("keeps exactly the values under keys the vocational 基本信息 lacks", () => {
    expect(keptForeignValues(shippedTemplates, "vocational", "basic", PRIMARY_BASIC)).toEqual({
      specialEdTrained: "0",
      specialEdCert: "0",
      freeNormal: "0",
      grassroots: "101",
      grassrootsStart: "2012-09",
      grassrootsEnd: "2015-08",
    });
    expect(
      keptForeignValues(shippedTemplates, "primary_secondary", "basic", PRIMARY_BASIC),
    ).toEqual({});
  });
});

describe("a row read against its record in force", () => {
  const section = basicOf("vocational");
  const own = new Set(section.columns.map((c) => c.key));
  const shown = Object.fromEntries(Object.entries(PRIMARY_BASIC).filter(([k]) => own.has(k)));
  const hash = fingerprint(PRIMARY_BASIC);
  const record: RegistryRecord = {
    recordId: "R1",
    schoolCode: "4306230362",
    section: "basic",
    personKey: "k",
    state: "effective",
    seenHash: hash,
    approvedHash: hash,
    effective: { version: 1, hash, values: PRIMARY_BASIC },
    changeRequestId: null,
    reason: null,
    removedAt: null,
  };
  const required = (header: string) => `${header}：必填，请填写`;
  const gapErrors = ["是否“双师型”教师", "是否具备职业技能等级证书"].map(required);
  const findings = {
    errors: gapErrors,
    warnings: [],
    cellFindings: [
      { key: "dualQualified", severity: "error" as const, message: gapErrors[0] ?? "" },
      { key: "vocationalCert", severity: "error" as const, message: gapErrors[1] ?? "" },
    ],
  };

  it("merges the kept values under the row's: the row shows the values in force", () => {
    const values = valuesInForce(shippedTemplates, "vocational", section, record, shown);
    expect(fingerprint(values)).toBe(hash);
    // No record in force, or none kept: the row's own values.
    expect(valuesInForce(shippedTemplates, "vocational", section, undefined, shown)).toBe(shown);
  });

  it("turns the required gaps into one warning while the row shows the values in force", () => {
    const values = valuesInForce(shippedTemplates, "vocational", section, record, shown);
    const found = findingsInForce(section, record, { values, ...findings });
    expect(found.errors).toEqual([]);
    expect(found.warnings).toHaveLength(1);
    expect(found.warnings[0]).toContain("「是否“双师型”教师」「是否具备职业技能等级证书」");
    expect(found.cellFindings.every((f) => f.severity === "warning")).toBe(true);
  });

  it("leaves an edited row's findings alone: its errors are the school's to fix", () => {
    const edited = { ...shown, dualQualified: "1" };
    const values = valuesInForce(shippedTemplates, "vocational", section, record, edited);
    const errors = [required("是否具备职业技能等级证书")];
    const found = findingsInForce(section, record, {
      values,
      errors,
      warnings: [],
      cellFindings: [{ key: "vocationalCert", severity: "error", message: errors[0] ?? "" }],
    });
    expect(found.errors).toEqual(errors);
  });
});
