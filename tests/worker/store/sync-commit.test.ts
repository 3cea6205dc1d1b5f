import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { CountyRows } from "../../../src/adapters/store/recheck";
import { commitSync, type SyncCommit } from "../../../src/adapters/store/sync-commit";
import { addSchools, idCrypto, NOW, record, snapshot } from "./fixtures";

const A = "4306230401";
const B = "4306230402";

beforeAll(() => addSchools(A, B));

const countyRow: CountyRows = {
  kind: "recheck",
  recordId: "R-C1",
  versionKey: "hash-1",
  tab: "基本信息",
  rows: [{ 记录编号: "R-C1" }],
};

function commit(overrides: Partial<SyncCommit> = {}): SyncCommit {
  return {
    changes: [{ kind: "putRecord", record: record("R-C1", A) }],
    countyRows: [countyRow],
    conflicts: [{ personKey: "pk-commit", schools: [A, B] }],
    ...overrides,
  };
}

describe("a school sync's registry commit", () => {
  it("records none of its parts when one statement fails", async () => {
    const before = await snapshot();
    const unknownSchool = { kind: "putRecord" as const, record: record("R-C2", "9999999999") };
    await expect(
      commitSync(
        env.DB,
        await idCrypto,
        commit({ changes: [...commit().changes, unknownSchool] }),
        NOW,
      ),
    ).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it("records every part, and nothing more when redelivered", async () => {
    expect(await commitSync(env.DB, await idCrypto, commit(), NOW)).toEqual({ opened: 1 });
    const after = await snapshot();
    expect(after.county_rows).toHaveLength(1);
    expect(after.id_conflicts).toHaveLength(1);
    expect(after.id_conflict_events).toHaveLength(1);
    expect(after.records).toHaveLength(1);
    expect(await commitSync(env.DB, await idCrypto, commit(), NOW)).toEqual({ opened: 0 });
    expect(await snapshot()).toEqual(after);
  });

  it("sends nothing for a sync that decided nothing", async () => {
    const before = await snapshot();
    const none = { changes: [], countyRows: [], conflicts: [] };
    expect(await commitSync(env.DB, await idCrypto, none, NOW)).toEqual({ opened: 0 });
    expect(await snapshot()).toEqual(before);
  });
});
