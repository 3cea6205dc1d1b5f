import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { addSchools, idCrypto, NOW, record, residentId } from "./fixtures";

const SCHOOL = "4306230311";

/** Migration 0006's rewrite of stored masks, run again over rows stored the old way. */
async function rewriteMasks() {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0006_"));
  const updates = (migration?.queries ?? []).filter((q) => /^\s*UPDATE/m.test(q));
  expect(updates).toHaveLength(2);
  for (const query of updates) await env.DB.prepare(query).run();
}

describe("migration 0006: stored masks become keyed references", () => {
  it("rewrites the person's mask and the county rows that show it, leaving no digit of the ID", async () => {
    await addSchools(SCHOOL);
    const crypto = await idCrypto;
    const id = residentId(811);
    const personKey = await crypto.personKey(id);
    await applyRegistryChanges(
      env.DB,
      [{ kind: "putRecord", record: record("R-MIG1", SCHOOL, { personKey }) }],
      crypto,
      NOW,
    );
    const oldMask = `${id.slice(0, 6)}********${id.slice(-4)}`;
    await env.DB.batch([
      env.DB.prepare(
        "INSERT OR REPLACE INTO persons (person_key, id_cipher, id_masked, created_at) VALUES (?1, ?2, ?3, ?4)",
      ).bind(personKey, await crypto.encrypt(id), oldMask, NOW),
      env.DB.prepare(
        `INSERT INTO county_rows (kind, record_id, version_key, tab, rows_json, created_at)
         VALUES ('recheck', 'R-MIG1', 'h1', '基本信息', ?1, ?2)`,
      ).bind(JSON.stringify([{ 身份证件号: oldMask, 出生日期: "1990-01-01" }]), NOW),
    ]);
    await rewriteMasks();
    const reference = await crypto.reference(id);
    const person = await env.DB.prepare("SELECT id_masked FROM persons WHERE person_key = ?1")
      .bind(personKey)
      .first<{ id_masked: string }>();
    expect(person?.id_masked).toBe(reference);
    const rows = await env.DB.prepare(
      "SELECT rows_json FROM county_rows WHERE record_id = 'R-MIG1'",
    ).first<{ rows_json: string }>();
    expect(JSON.parse(rows?.rows_json ?? "[]")).toEqual([
      { 身份证件号: reference, 出生日期: "1990-01-01" },
    ]);
  });
});
