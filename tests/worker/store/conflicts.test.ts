import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../../src/adapters/crypto/index";
import {
  conflictIdOf,
  countyConflicts,
  decideConflict,
  idConflictsFor,
} from "../../../src/adapters/store/conflicts";
import { applyRegistryChanges, upsertSchools } from "../../../src/adapters/store/registry";
import { allocateTeacherNumbers } from "../../../src/adapters/store/registry-accounts";
import { commitSync } from "../../../src/adapters/store/sync-commit";
import { residentId } from "../../core/validate/fixture";

const A = "4306230111";
const B = "4306230112";
const C = "4306230113";
const AT = "2026-11-28T00:00:00.000Z";
const ref = (code: string) => ({ schoolCode: code, schoolName: `冲突学校${code.slice(-1)}` });

const basic = (recordId: string, schoolCode: string, personKey: string, section = "basic") => ({
  kind: "putRecord" as const,
  record: {
    recordId,
    schoolCode,
    section,
    personKey,
    state: "incomplete" as const,
    seenHash: "h",
    approvedHash: null,
    effective: null,
    changeRequestId: null,
    reason: null,
  },
});

beforeAll(async () => {
  const crypto = await idCryptoFromEnv(env);
  await upsertSchools(
    env.DB,
    [A, B, C].map((code) => ({
      code,
      name: ref(code).schoolName,
      category: "primary_secondary" as const,
      township: "",
      spreadsheetId: null,
    })),
  );
  await applyRegistryChanges(
    env.DB,
    [
      basic("RK1", A, "pk-shared"),
      basic("RK2", B, "pk-shared"),
      basic("RK3", C, "pk-contact-only", "contact"),
      basic("RK4", A, "pk-contact-only"),
      {
        ...basic("RK5", C, "pk-removed"),
        record: { ...basic("RK5", C, "pk-removed").record, removedAt: "2026-11-01T00:00:00Z" },
      },
      basic("RK6", A, "pk-removed"),
    ],
    crypto,
    AT,
  );
});

describe("idConflictsFor", () => {
  it("names the other school from either side; first come is no holder", async () => {
    expect((await idConflictsFor(env.DB, ["pk-shared"], A)).get("pk-shared")).toEqual({
      conflictId: conflictIdOf("pk-shared"),
      others: [ref(B)],
      effectiveHere: false,
    });
    expect((await idConflictsFor(env.DB, ["pk-shared"], B)).get("pk-shared")?.others).toEqual([
      ref(A),
    ]);
  });

  it("ignores other sections, removed rows and the school itself", async () => {
    const found = await idConflictsFor(env.DB, ["pk-contact-only", "pk-removed"], A);
    expect(found.size).toBe(0);
    expect(await idConflictsFor(env.DB, [], A)).toEqual(new Map());
  });

  it("counts a teacher number held elsewhere as a claim", async () => {
    const crypto = await idCryptoFromEnv(env);
    const person = await crypto.personKey(residentId("19800101", "041"));
    await allocateTeacherNumbers(
      env.DB,
      [{ personKey: person, name: "丁", schoolCode: C, idNumber: residentId("19800101", "041") }],
      crypto,
      AT,
    );
    expect((await idConflictsFor(env.DB, [person], A)).get(person)?.others).toEqual([ref(C)]);
    expect((await idConflictsFor(env.DB, [person], C)).has(person)).toBe(false);
  });
});

describe("opening and deciding", () => {
  it("opens once per person, however often the sync is redelivered", async () => {
    const opened = { personKey: "pk-shared", schools: [A, B] };
    const crypto = await idCryptoFromEnv(env);
    const openConflicts = async () =>
      (await commitSync(env.DB, crypto, { changes: [], countyRows: [], conflicts: [opened] }, AT))
        .opened;
    expect(await openConflicts()).toBe(1);
    expect(await openConflicts()).toBe(0);
    const [conflict] = await countyConflicts(env.DB);
    expect(conflict).toMatchObject({
      conflictId: conflictIdOf("pk-shared"),
      schools: [ref(A), ref(B)],
      decidedFor: null,
    });
  });

  it("a decision names the school; the other side is then told, this side is not", async () => {
    const id = conflictIdOf("pk-shared");
    const decision = {
      conflictId: id,
      schoolCode: B,
      reason: "档案在乙校",
      actor: "renshi",
      at: AT,
    };
    expect(await decideConflict(env.DB, decision)).toEqual([A, B]);
    expect(await decideConflict(env.DB, decision)).toBeNull();
    expect((await idConflictsFor(env.DB, ["pk-shared"], B)).get("pk-shared")?.decidedFor).toEqual(
      ref(B),
    );
    expect((await idConflictsFor(env.DB, ["pk-shared"], A)).get("pk-shared")?.decidedFor).toEqual(
      ref(B),
    );
  });

  it("keeps the log append-only", async () => {
    const { results } = await env.DB.prepare(
      "SELECT kind, actor, detail FROM id_conflict_events ORDER BY rowid",
    ).all();
    expect(results).toEqual([
      { kind: "opened", actor: "worker", detail: `${A},${B}` },
      { kind: "decided", actor: "renshi", detail: B },
    ]);
    await expect(env.DB.prepare("DELETE FROM id_conflict_events").run()).rejects.toThrow(
      /append-only/,
    );
  });
});
