import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { addSchools, basicValues, effectiveRecord, idCrypto, NOW, residentId } from "./fixtures";

const SCHOOL = "4306230101";

beforeAll(async () => {
  await addSchools(SCHOOL);
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord("R-S1", SCHOOL, basicValues(residentId(1))),
      {
        kind: "event",
        event: {
          recordId: "R-S1",
          kind: "effective",
          actor: "personnel",
          at: NOW,
          spreadsheetId: "sheet",
          detail: "已生效",
        },
      },
    ],
    await idCrypto,
    NOW,
  );
});

function run(sql: string, ...params: unknown[]) {
  return env.DB.prepare(sql)
    .bind(...params)
    .run();
}

describe("append-only tables", () => {
  it.each([
    ["UPDATE record_versions SET hash = 'forged' WHERE record_id = 'R-S1'"],
    ["UPDATE record_versions SET values_json = '{}'"],
    ["DELETE FROM record_versions WHERE record_id = 'R-S1'"],
    ["DELETE FROM record_versions"],
    ["UPDATE review_events SET actor = 'someone-else'"],
    ["UPDATE review_events SET detail = '' WHERE record_id = 'R-S1'"],
    ["DELETE FROM review_events"],
  ])("refuses %s", async (sql) => {
    await expect(run(sql)).rejects.toThrow(/append-only/);
  });

  it.each([
    ["the same values", "INSERT OR REPLACE", "same"],
    ["other values", "INSERT OR REPLACE", "other"],
    ["the same values", "INSERT OR IGNORE", "same"],
    ["other values", "INSERT", "other"],
  ])("refuses to overwrite a version with %s (%s)", async (_, insert, hash) => {
    const stored = await env.DB.prepare("SELECT * FROM record_versions").all();
    const first = stored.results[0] as { hash: string };
    await expect(
      run(
        `${insert} INTO record_versions (record_id, version, hash, values_json, created_at)
         VALUES ('R-S1', 1, ?, '{}', ?)`,
        hash === "same" ? first.hash : "other",
        NOW,
      ),
    ).rejects.toThrow(/append-only/);
    expect((await env.DB.prepare("SELECT * FROM record_versions").all()).results).toEqual(
      stored.results,
    );
  });

  it("refuses to replace a logged event", async () => {
    await expect(
      run(
        `INSERT OR REPLACE INTO review_events (record_id, kind, actor, at, spreadsheet_id, detail)
         VALUES ('R-S1', 'effective', 'personnel', ?, 'sheet', '已生效')`,
        NOW,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it("still accepts new versions and events", async () => {
    await run(
      `INSERT INTO record_versions (record_id, version, hash, values_json, created_at)
       VALUES ('R-S1', 2, 'h2', '{}', ?)`,
      NOW,
    );
    await run(
      `INSERT INTO review_events (record_id, kind, actor, at, spreadsheet_id, detail)
       VALUES ('R-S1', 'edited', 'info_admin', ?, 'sheet', '')`,
      NOW,
    );
    const count = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM record_versions) AS v, (SELECT count(*) FROM review_events) AS e",
    ).first<{ v: number; e: number }>();
    expect(count).toEqual({ v: 2, e: 2 });
  });
});

describe("constraints", () => {
  it("allows only the seven review states", async () => {
    await expect(
      run("UPDATE records SET state = 'approved' WHERE record_id = 'R-S1'"),
    ).rejects.toThrow(/CHECK/);
  });

  it("allows only county teacher numbers", async () => {
    await expect(
      run(
        `INSERT INTO teachers (teacher_number, person_key, name, school_code, password_hash,
           password_issued_at, created_at)
         SELECT '43062300001', person_key, 'x', ?1, 'h', ?2, ?2 FROM persons LIMIT 1`,
        SCHOOL,
        NOW,
      ),
    ).rejects.toThrow(/CHECK/);
  });

  it("refuses records of an unknown school", async () => {
    await expect(
      run(
        `INSERT INTO records (record_id, school_code, section, state, seen_hash, updated_at)
         VALUES ('R-X', '9999999999', 'basic', 'ready', 'h', ?)`,
        NOW,
      ),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});
