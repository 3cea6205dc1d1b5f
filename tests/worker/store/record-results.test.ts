import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { recordResultsOf, saveRecordResults } from "../../../src/adapters/store/record-results";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { addSchools, idCrypto, NOW, record } from "./fixtures";

const SCHOOL = "4306231501";
const LATER = "2026-03-02T08:00:00.000Z";

beforeAll(async () => {
  await addSchools(SCHOOL);
  await applyRegistryChanges(
    env.DB,
    ["R-RR-1", "R-RR-2"].map((id) => ({ kind: "putRecord" as const, record: record(id, SCHOOL) })),
    await idCrypto,
    NOW,
  );
});

describe("record results", () => {
  it("keeps the latest 校验结果 per record and rewrites only a changed one", async () => {
    await saveRecordResults(
      env.DB,
      [
        { recordId: "R-RR-1", result: "校验通过" },
        { recordId: "R-RR-2", result: "有错误，不能审核：毕业年月：必填，请填写" },
      ],
      NOW,
    );
    await saveRecordResults(
      env.DB,
      [
        { recordId: "R-RR-1", result: "校验通过" },
        { recordId: "R-RR-2", result: "有错误，不能审核：入学年月：必填，请填写" },
      ],
      LATER,
    );
    expect(await recordResultsOf(env.DB, ["R-RR-1", "R-RR-2", "R-NONE"])).toEqual(
      new Map([
        ["R-RR-1", "校验通过"],
        ["R-RR-2", "有错误，不能审核：入学年月：必填，请填写"],
      ]),
    );
    const { results } = await env.DB.prepare(
      "SELECT record_id, updated_at FROM record_results ORDER BY record_id",
    ).all();
    expect(results).toEqual([
      { record_id: "R-RR-1", updated_at: NOW },
      { record_id: "R-RR-2", updated_at: LATER },
    ]);
  });

  it("skips a text for a row the registry holds no record of (a request row), keeping the rest", async () => {
    await saveRecordResults(
      env.DB,
      [
        { recordId: "YW000001", result: "待人事股审核" },
        { recordId: "R-UNKNOWN", result: "校验通过" },
        { recordId: "R-RR-1", result: "本行已生效" },
      ],
      NOW,
    );
    expect((await recordResultsOf(env.DB, ["R-RR-1"])).get("R-RR-1")).toBe("本行已生效");
    const { results } = await env.DB.prepare(
      "SELECT record_id FROM record_results WHERE record_id IN ('YW000001', 'R-UNKNOWN')",
    ).all();
    expect(results).toEqual([]);
  });
});
