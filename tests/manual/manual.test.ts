import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildManual } from "../../scripts/manual/build";
import { HTML_FILE, MARKDOWN_FILE, shippedManual } from "../../scripts/manual/files";
import { HOW_TO } from "../../scripts/manual/how-to";
import { FINDING_CODES, messagesChapter, messageTemplate } from "../../scripts/manual/messages";
import { rawTemplates, shippedCountyConfig } from "../../src/core/templates/bundle";
import { loadTemplates, type Templates } from "../../src/core/templates/index";

const STALE = "操作手册与模板或代码不一致，请运行 npm run manual 并提交 docs/manual/";

function templatesWith(edit: (basic: { columns: { header: string }[] }) => void): Templates {
  const copy = structuredClone(rawTemplates);
  edit(copy.sections["sections/01-basic.json"] as { columns: { header: string }[] });
  const loaded = loadTemplates(copy);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

describe("the checked-in manual", () => {
  it("is what npm run manual generates from today's templates and code", () => {
    const fresh = shippedManual();
    expect(readFileSync(MARKDOWN_FILE, "utf8"), STALE).toBe(fresh.markdown);
    expect(readFileSync(HTML_FILE, "utf8"), STALE).toBe(fresh.html);
  });

  it("changes when a template column changes, so the check above can fail", () => {
    const input = { county: shippedCountyConfig, screenshots: new Set<string>() };
    const changed = templatesWith((basic) => {
      const [first] = basic.columns;
      if (first !== undefined) first.header = "教职工姓名";
    });
    const before = buildManual({ ...input, templates: templatesWith(() => {}) });
    const after = buildManual({ ...input, templates: changed });
    expect(after.markdown).not.toBe(before.markdown);
    expect(after.markdown).toContain("| 1 | 教职工姓名 | 必填 |");
    expect(after.html).toContain(">教职工姓名</td>");
  });

  it("has the anchors the practice exercises link to, in both files", () => {
    const { markdown, html } = shippedManual();
    for (const id of ["录入", "校验结果", "校长审核", "县级复核", "变更", "调动"]) {
      expect(markdown).toContain(`<a id="${id}"></a>`);
      expect(html).toContain(`id="${id}"`);
    }
  });

  it("shows a screenshot only when its file exists", () => {
    const input = { templates: templatesWith(() => {}), county: shippedCountyConfig };
    const without = buildManual({ ...input, screenshots: new Set<string>() });
    const withShot = buildManual({ ...input, screenshots: new Set(["local-sheets.png"]) });
    expect(without.markdown).not.toContain("local-sheets.png");
    expect(withShot.markdown).toContain("](../local-sheets.png)");
    expect(withShot.html).toContain('<img src="../local-sheets.png"');
  });
});

describe("the messages appendix", () => {
  it("has 怎么办 for every message code", () => {
    const missing = FINDING_CODES.filter((code) => (HOW_TO[code] ?? "").trim() === "");
    expect(missing, "scripts/manual/how-to.ts 缺少这些提示的怎么办").toEqual([]);
  });

  it("refuses to build without 怎么办 for a code", () => {
    const { "id.check_digit": _, ...partial } = HOW_TO;
    expect(() => messagesChapter(partial)).toThrow("id.check_digit");
  });

  it("shows placeholders as 「…」", () => {
    expect(messageTemplate("date.future")).toBe("「…」晚于今天（…），请核对");
    expect(messageTemplate("id.check_digit")).toBe("校验位错误，应为 「…」，请核对号码");
  });
});
