import { describe, expect, it } from "vitest";
import {
  countyWorkbook,
  type ExportRecord,
  nationalPhone,
  schoolWorkbook,
  unionColumns,
} from "../../../src/core/export/package";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { templateFor } from "../../../src/core/templates/index";

const KG = { code: "4306230101", name: "华容县实验幼儿园", category: "kindergarten" as const };
const PS = { code: "4306230002", name: "华容县实验小学", category: "primary_secondary" as const };

const record = (schoolCode: string, teacherNumber: string, values: ExportRecord["values"]) => ({
  recordId: `R${teacherNumber}`,
  schoolCode,
  section: "basic",
  teacherNumber,
  values,
});

describe("the import package's workbooks", () => {
  it("leaves out every row of a person whose 基本信息 is not in force", () => {
    const contact = (n: string) => ({
      ...record(PS.code, n, {}),
      recordId: `C${n}`,
      section: "contact",
    });
    const book = schoolWorkbook(
      PS,
      [record(PS.code, "430623000001", {}), contact("430623000001"), contact("430623000009")],
      shippedTemplates,
    );
    const rows = (title: string) =>
      (book.tabs.find((t) => t.title === title)?.rows.length ?? 0) - 1;
    expect([rows("基本信息"), rows("联系方式")]).toEqual([1, 1]);
  });

  it("writes phones as dialled in China", () => {
    expect(nationalPhone("+8613807301234")).toBe("13807301234");
    expect(nationalPhone("+867304221234")).toBe("0730-4221234");
    expect(nationalPhone("+867304221234;ext=801")).toBe("0730-4221234转801");
  });

  it("a kindergarten's workbook has its own headers (进本园年月), 教师编号 on 基本信息 only", () => {
    const book = schoolWorkbook(
      KG,
      [record(KG.code, "430623000002", { joinSchool: "2015-09", sex: "2" })],
      shippedTemplates,
    );
    const basic = book.tabs.find((t) => t.title === "基本信息");
    expect(basic?.rows[0]).toContain("进本园年月");
    expect(basic?.rows[0]?.at(-1)).toBe("教师编号");
    expect(book.tabs.find((t) => t.title === "联系方式")?.rows[0]).not.toContain("教师编号");
    const header = basic?.rows[0] ?? [];
    expect(basic?.rows[1]?.[header.indexOf("进本园年月")]).toBe("2015-09");
    expect(basic?.rows[1]?.[header.indexOf("性别")]).toBe("2");
  });

  it("the county's columns are every school type's, each type's own after the column it follows", () => {
    const basic = (category: Parameters<typeof templateFor>[1]) =>
      templateFor(shippedTemplates, category).find((s) => s.key === "basic")?.columns ?? [];
    const merged = unionColumns([basic("primary_secondary"), basic("special")]).map((c) => c.key);
    expect(merged.indexOf("specialEdStart")).toBe(merged.indexOf("specialEdCert") + 1);
    const book = countyWorkbook(
      "华容县",
      [PS, KG],
      [record(PS.code, "430623000001", {}), record(KG.code, "430623000002", {})],
      shippedTemplates,
    );
    const rows = book.tabs.find((t) => t.title === "基本信息")?.rows ?? [];
    expect(rows.slice(1).map((row) => row.slice(-3))).toEqual([
      ["430623000001", PS.code, PS.name],
      ["430623000002", KG.code, KG.name],
    ]);
  });
});
