/** Shared builders for the registry store tests: keys from the test secrets, schools, records. */
import { env } from "cloudflare:test";
import { type IdCrypto, idCryptoFromEnv } from "../../../src/adapters/crypto/index";
import { type RegistrySchool, upsertSchools } from "../../../src/adapters/store/registry";
import { residentIdCheckDigit } from "../../../src/core/normalise/id-number";
import { fingerprint } from "../../../src/core/sync/fingerprint";
import type {
  EffectiveVersion,
  RecordValues,
  RegistryChange,
  RegistryRecord,
} from "../../../src/core/sync/model";

export const NOW = "2026-03-01T08:00:00.000Z";

export const idCrypto: Promise<IdCrypto> = idCryptoFromEnv(env);

/** A valid resident ID of someone born in Huarong on 1985-06-01; `n` picks the person. */
export function residentId(n: number): string {
  const first17 = `43062319850601${String(n).padStart(3, "0")}`;
  return first17 + residentIdCheckDigit(first17);
}

/** Each test file passes its own prefix, so codes never collide with another file's. */
export function school(code: string, overrides: Partial<RegistrySchool> = {}): RegistrySchool {
  return {
    code,
    name: `华容县测试学校${code.slice(-3)}`,
    category: "primary_secondary",
    township: "章华镇",
    spreadsheetId: `sheet-${code}`,
    ...overrides,
  };
}

export async function addSchools(...codes: string[]) {
  await upsertSchools(
    env.DB,
    codes.map((code) => school(code)),
  );
}

export function basicValues(idNumber: string, name = "李晓燕"): RecordValues {
  return { name, idNumber, sex: "2", birthDate: "1985-06-01", remarks: "" };
}

export function version(version: number, values: RecordValues): EffectiveVersion {
  return { version, hash: fingerprint(values), values };
}

export function record(
  recordId: string,
  schoolCode: string,
  overrides: Partial<RegistryRecord> = {},
): RegistryRecord {
  return {
    recordId,
    schoolCode,
    section: "basic",
    personKey: null,
    state: "ready",
    seenHash: "seen",
    approvedHash: null,
    effective: null,
    changeRequestId: null,
    reason: null,
    removedAt: null,
    ...overrides,
  };
}

/** An effective record with its first version, as the core would put it after a recheck. */
export async function effectiveRecord(
  recordId: string,
  schoolCode: string,
  values: RecordValues,
  section = "basic",
): Promise<RegistryChange> {
  const crypto = await idCrypto;
  const first = version(1, values);
  const id = values.idNumber;
  return {
    kind: "putRecord",
    record: record(recordId, schoolCode, {
      section,
      personKey: typeof id === "string" ? await crypto.personKey(id) : null,
      state: "effective",
      seenHash: first.hash,
      approvedHash: first.hash,
      effective: first,
    }),
    newVersion: first,
  };
}

/**
 * 教师进修学校 confirmed these 国内培训 records' first version in 学分确认 (the audit log's
 * `credit_confirmed`): their credits count in the ledger.
 */
export async function creditsConfirmed(recordIds: readonly string[], at: string): Promise<void> {
  await env.DB.batch(
    recordIds.map((recordId) =>
      env.DB.prepare(
        `INSERT INTO review_events (record_id, kind, actor, at, spreadsheet_id, detail)
         VALUES (?1, 'credit_confirmed', 'trainingSchool', ?2, 'county', 'v1')`,
      ).bind(recordId, at),
    ),
  );
}

/** Every row of every registry table, to compare before and after. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await tables()) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all();
    out[table] = results;
  }
  return out;
}

/** The project's tables (not SQLite's, D1's or the migrations bookkeeping). */
export async function tables(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table'
     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'
     ORDER BY name`,
  ).all<{ name: string }>();
  return results.map((row) => row.name);
}
