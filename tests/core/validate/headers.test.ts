import { describe, expect, it } from "vitest";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { type Cell, validateTab } from "../../../src/core/validate";
import { describeFinding } from "./cases";
import { sheetRows, TODAY, validTabs } from "./fixture";

const contact = templateFor(shippedTemplates, "primary_secondary").find((s) => s.key === "contact");
const context = {
  today: TODAY,
  codeTables: shippedTemplates.codeTables,
  schoolName: "华容县实验小学",
};

function contactRows(): Cell[][] {
  return sheetRows("primary_secondary", "联系方式", validTabs().联系方式 ?? []);
}

/** Applies `change` to every row (header included), as a user moving whole columns would. */
function columns(change: (row: Cell[]) => Cell[]): Cell[][] {
  return contactRows().map((row) => change([...row]));
}

function check(rows: readonly (readonly Cell[] | undefined)[]): string[] {
  if (contact === undefined) throw new Error("template");
  return validateTab(contact, rows, context).findings.map(describeFinding);
}

describe("columns are found by header text", () => {
  it("the valid tab has no findings", () => {
    expect(check(contactRows())).toEqual([]);
  });

  it("reordered columns", () => {
    expect(check(columns((row) => row.reverse()))).toEqual([]);
  });

  it("an inserted column the template does not know is one warning", () => {
    const rows = columns((row) => [row[0], "备用", ...row.slice(1)]);
    const header = rows[0];
    if (header) header[1] = "班级";
    expect(check(rows)).toEqual(["联系方式!- - header.unknown (warning)"]);
  });

  it("a missing required header is one tab-level error, not one per row", () => {
    const rows = columns((row) => [...row.slice(0, 2), ...row.slice(3)]);
    expect(check(rows)).toEqual(["联系方式!- - header.missing"]);
  });

  it("a missing optional header is a warning", () => {
    const rows = columns((row) => [...row.slice(0, 6), ...row.slice(7)]);
    expect(check(rows)).toEqual(["联系方式!- - header.missing_optional (warning)"]);
  });

  it("a duplicated header is an error", () => {
    const rows = columns((row) => [...row, row[2]]);
    expect(check(rows)).toEqual(["联系方式!- - header.duplicate"]);
  });

  it("headers match after trimming and half-width folding", () => {
    const rows = columns((row) => row);
    const header = rows[0];
    if (header) header[2] = " 移动电话 ";
    expect(check(rows)).toEqual([]);
  });

  it("blank and missing rows are skipped, row numbers stay the sheet's", () => {
    const [header, first, second] = contactRows();
    if (!header || !first || !second) throw new Error("fixture");
    second[2] = "bad";
    expect(check([header, first, undefined, [], ["", " "], second])).toEqual([
      "联系方式!6 移动电话 phone.mobile_invalid",
    ]);
  });

  it("trailing cells may be missing", () => {
    const rows = contactRows().map((row, i) => (i === 0 ? row : row.slice(0, 3)));
    expect(check(rows)).toEqual([]);
  });

  it("an empty tab has only its missing-header findings", () => {
    expect(check([])).toContain("联系方式!- - header.missing");
  });
});
