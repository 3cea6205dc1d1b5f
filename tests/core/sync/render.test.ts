import { describe, expect, it } from "vitest";
import { render } from "../../../src/core/sync/render";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { validateTab } from "../../../src/core/validate";

const tables = shippedTemplates.codeTables;
const contact = templateFor(shippedTemplates, "primary_secondary").find((s) => s.key === "contact");
if (contact === undefined) throw new Error("no contact section");
const column = (key: string) => {
  const found = contact.columns.find((c) => c.key === key);
  if (found === undefined) throw new Error(key);
  return found;
};

describe("render: effective values as a person writes them (sheets, county tabs)", () => {
  it("shows a mobile as 11 digits and an office phone as 区号-号码, never +86", () => {
    expect(render(column("mobile"), "+8613401422797", tables)).toBe("13401422797");
    expect(render(column("officePhone"), "+867304221234", tables)).toBe("0730-4221234");
    expect(render(column("officePhone"), "+867304221234;ext=801", tables)).toBe(
      "0730-4221234转801",
    );
  });

  it("renders phones that read back as the same stored values (a restored row is no edit)", () => {
    const header = contact.columns.map((c) => c.header);
    const stored = { mobile: "+8613401422797", officePhone: "+867304123456;ext=801" };
    const row = contact.columns.map((c) =>
      c.key === "name"
        ? "李晓燕"
        : c.key === "idNumber"
          ? "430623198506010012"
          : c.key in stored
            ? render(c, stored[c.key as keyof typeof stored], tables)
            : "",
    );
    const tab = validateTab(contact, [header, row], {
      today: "2026-12-07",
      codeTables: tables,
      schoolName: "华容县第一中学",
    });
    expect(tab.records[0]?.values).toMatchObject(stored);
  });
});
