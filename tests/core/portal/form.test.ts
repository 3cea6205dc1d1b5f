import { describe, expect, it } from "vitest";
import { displayValue, formFields, formInputOf, formRows } from "../../../src/core/portal/form";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { validateTab } from "../../../src/core/validate";

const sections = templateFor(shippedTemplates, "primary_secondary");
const section = (key: string) => {
  const found = sections.find((s) => s.key === key);
  if (found === undefined) throw new Error(key);
  return found;
};
const tables = shippedTemplates.codeTables;
const context = { today: "2026-12-02", codeTables: tables, schoolName: "华容县第一中学" };

describe("section forms", () => {
  it("never offers the ID number, nor the name outside 基本信息", () => {
    const basic = formFields(section("basic"), tables).map((f) => f.key);
    expect(basic).toContain("name");
    expect(basic).not.toContain("idNumber");
    for (const s of sections) {
      const keys = formFields(s, tables).map((f) => f.key);
      expect(keys).not.toContain("idNumber");
      if (s.key !== "basic") expect(keys).not.toContain("name");
    }
  });

  it("offers code tables as dropdowns and 是否 as 是/否", () => {
    const fields = formFields(section("education"), tables);
    const education = fields.find((f) => f.key === "education");
    expect(education?.input).toBe("select");
    expect(education?.options).toContainEqual({ value: "21", label: "大学本科毕业" });
    expect(fields.find((f) => f.key === "normalMajor")?.options).toEqual([
      { value: "1", label: "是" },
      { value: "0", label: "否" },
    ]);
    expect(fields.find((f) => f.key === "enrolDate")?.placeholder).toContain("2017.3");
  });

  it("reads back through the sync's engine, with the fixed columns filled in", () => {
    const rows = formRows(
      section("training"),
      { year: "2025年", type: "4", project: "班主任培训", mode: "1", hours: "24" },
      { name: "李晓燕", idNumber: "430623198506010012" },
    );
    const tab = validateTab(section("training"), rows, context);
    expect(tab.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(tab.records[0]?.values).toMatchObject({ year: "2025", hours: 24, name: "李晓燕" });
  });

  it("shows stored values back as the same form input, and by name on the record page", () => {
    const values = { name: "李晓燕", idNumber: "x", education: "21", hours: 24, normalMajor: "1" };
    expect(formInputOf(section("education"), values)).toEqual({
      name: "李晓燕",
      education: "21",
      normalMajor: "1",
    });
    const column = (key: string) => {
      const found = section("education").columns.find((c) => c.key === key);
      if (found === undefined) throw new Error(key);
      return found;
    };
    expect(displayValue(column("education"), "21", tables)).toBe("大学本科毕业");
    expect(displayValue(column("normalMajor"), "0", tables)).toBe("否");
    expect(displayValue(column("major"), undefined, tables)).toBe("");
  });

  it("shows phones as the sheet and the hints write them, on the record page and in the form", () => {
    const contact = section("contact");
    const column = (key: string) => {
      const found = contact.columns.find((c) => c.key === key);
      if (found === undefined) throw new Error(key);
      return found;
    };
    expect(displayValue(column("mobile"), "+8613401422797", tables)).toBe("13401422797");
    expect(displayValue(column("officePhone"), "+867304221234", tables)).toBe("0730-4221234");
    const values = { mobile: "+8613401422797", officePhone: "+867304221234;ext=801" };
    expect(formInputOf(contact, values)).toMatchObject({
      mobile: "13401422797",
      officePhone: "0730-4221234转801",
    });
  });
});
