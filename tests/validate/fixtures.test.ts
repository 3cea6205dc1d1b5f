/**
 * The committed fixture files are what make-fixtures.ts builds today. Workbooks are compared by
 * content (the zip entries carry the time they were written); CSVs byte for byte.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readWorkbook } from "../../scripts/validate/read-xlsx";
import { validTabs } from "../core/validate/fixture";
import {
  BAD_XLSX,
  BASIC_CSV,
  badTabs,
  basicCsv,
  FIXTURES_DIR,
  GBK_CSV,
  GOOD_XLSX,
  gbkCsv,
  workbookOf,
  xlsxBytes,
} from "../fixtures/make-fixtures";

const committed = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES_DIR, name)));
const REGENERATE = "run `npx tsx tests/fixtures/make-fixtures.ts` and commit the files";

describe("committed fixtures", () => {
  it.each([
    [GOOD_XLSX, validTabs],
    [BAD_XLSX, badTabs],
  ])("%s holds what the generator builds", async (name, tabs) => {
    const fresh = await readWorkbook(await xlsxBytes(workbookOf(tabs())));
    expect(await readWorkbook(committed(name)), REGENERATE).toEqual(fresh);
  });

  it.each([
    [BASIC_CSV, basicCsv],
    [GBK_CSV, gbkCsv],
  ])("%s is byte for byte what the generator builds", (name, build) => {
    expect(Buffer.from(committed(name)).equals(Buffer.from(build())), REGENERATE).toBe(true);
  });

  it("mixes real Excel dates with text dates, as staff files do", async () => {
    const result = await readWorkbook(committed(GOOD_XLSX));
    const basic = result.ok ? result.tabs.find((tab) => tab.title === "基本信息") : undefined;
    const [headers = [], zhang = []] = basic?.rows ?? [];
    const cell = (header: string) => zhang[headers.indexOf(header)];
    expect(cell("出生日期")).toBe(31199);
    expect(cell("参加工作年月")).toBe(39326);
    expect(cell("进本校年月")).toBe("2012-09");
    expect(cell("姓名")).toBe("张伟");
  });
});
