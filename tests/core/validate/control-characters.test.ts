/**
 * A sheet row typed (or pasted) with control and bidi characters validates as the clean value:
 * NUL, BEL, ESC and the bidi overrides never reach the registry, the sheet or a message.
 */
import { describe, expect, it } from "vitest";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { validateSchool } from "../../../src/core/validate";
import { edit, ID, schoolInput, TODAY } from "./fixture";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters this test looks for.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;

describe("control and bidi characters in a sheet row", () => {
  it("validate as the clean value, with no finding", () => {
    const tabs = edit("基本信息", 0, {
      姓名: "\u202e张\u0000伟\u202c",
      籍贯: "湖南省\u0007华容县\u2066",
      身份证件号: `\u200e${ID.zhang}\u001b`,
      出生日期: "1985-06-01\u0085",
    });
    const result = validateSchool(schoolInput(tabs), shippedTemplates, { today: TODAY });
    expect(result.findings).toEqual([]);
    const basic = result.tabs.find((tab) => tab.tab === "基本信息");
    const values = basic?.records[0]?.values ?? {};
    expect(values).toMatchObject({
      name: "张伟",
      idNumber: ID.zhang,
      birthDate: "1985-06-01",
    });
    for (const value of Object.values(values)) expect(String(value)).not.toMatch(HIDDEN);
  });

  it("are not quoted back in a message about the value", () => {
    const tabs = edit("基本信息", 0, { 出生日期: "\u202e1985-13-01\u0000" });
    const findings = validateSchool(schoolInput(tabs), shippedTemplates, { today: TODAY }).findings;
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.message).not.toMatch(HIDDEN);
  });
});
