import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { schoolBySpreadsheet, upsertSchools } from "../../../src/adapters/store/registry";

describe("upsertSchools", () => {
  it("keeps the township the school list gave when a later sync knows none", async () => {
    const school = {
      code: "4306230301",
      name: "华容县乡镇测试小学",
      category: "primary_secondary" as const,
      spreadsheetId: "sheet-township",
    };
    await upsertSchools(env.DB, [{ ...school, township: "章华镇" }]);
    await upsertSchools(env.DB, [{ ...school, township: "" }]);
    expect(await schoolBySpreadsheet(env.DB, "sheet-township")).toMatchObject({
      township: "章华镇",
    });
    await upsertSchools(env.DB, [{ ...school, township: "治河渡镇" }]);
    expect(await schoolBySpreadsheet(env.DB, "sheet-township")).toMatchObject({
      township: "治河渡镇",
    });
  });
});
