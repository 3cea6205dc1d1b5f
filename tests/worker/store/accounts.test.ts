import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../../src/adapters/crypto/index";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import {
  accountsToShow,
  allocateTeacherNumbers,
  clearExpiredPasswords,
  markSignedIn,
  schoolProgress,
  teacherByNumber,
} from "../../../src/adapters/store/registry-accounts";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  record,
  residentId,
  school,
} from "./fixtures";

const A = "4306230301";
const B = "4306230302";
const EMPTY = "4306230303";

beforeAll(() => addSchools(A, B, EMPTY));

async function person(n: number, schoolCode = A) {
  const idNumber = residentId(n);
  return {
    personKey: await (await idCrypto).personKey(idNumber),
    name: `教师${n}`,
    schoolCode,
    idNumber,
  };
}

async function allocate(persons: Awaited<ReturnType<typeof person>>[], now = NOW) {
  return allocateTeacherNumbers(env.DB, persons, await idCrypto, now);
}

const daysAfter = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString();

describe("allocateTeacherNumbers", () => {
  it("issues county numbers and initial passwords, storing only the hash", async () => {
    const persons = [await person(1), await person(2)];
    const issued = await allocate(persons);
    const numbers = persons.map((p) => issued.get(p.personKey)?.teacherNumber);
    for (const number of numbers) expect(number).toMatch(/^430623\d{6}$/);
    expect(new Set(numbers).size).toBe(2);
    for (const p of persons) {
      const account = issued.get(p.personKey);
      expect(account?.initialPassword).toMatch(/^[a-z2-9]{12}$/);
      const row = await env.DB.prepare("SELECT * FROM teachers WHERE person_key = ?")
        .bind(p.personKey)
        .first<{ password_hash: string; name: string; school_code: string }>();
      expect(row).toMatchObject({ name: p.name, school_code: A });
      expect(JSON.stringify(row)).not.toContain(account?.initialPassword);
      expect(await verifyPassword(account?.initialPassword ?? "", row?.password_hash ?? "")).toBe(
        true,
      );
    }
  });

  it("keeps a person's number and never shows their password again", async () => {
    const p = await person(1);
    const first = await env.DB.prepare("SELECT * FROM teachers WHERE person_key = ?")
      .bind(p.personKey)
      .first();
    const again = await allocate([p, await person(3), p]);
    expect(again.get(p.personKey)).toEqual({
      teacherNumber: (first as { teacher_number: string }).teacher_number,
      initialPassword: null,
    });
    expect(again.get((await person(3)).personKey)?.initialPassword).toMatch(/^.{12}$/);
    expect(
      await env.DB.prepare("SELECT * FROM teachers WHERE person_key = ?").bind(p.personKey).first(),
    ).toEqual(first);
  });

  it("numbers in sequence, without gaps", async () => {
    const before = await env.DB.prepare(
      "SELECT value FROM counters WHERE name = 'teacher_number'",
    ).first<number>("value");
    const persons = await Promise.all([10, 11, 12].map((n) => person(n)));
    const issued = await allocate(persons);
    expect(persons.map((p) => issued.get(p.personKey)?.teacherNumber)).toEqual(
      [1, 2, 3].map((i) => `430623${String((before ?? 0) + i).padStart(6, "0")}`),
    );
  });

  it("gives unique numbers under concurrent allocations, one number per person", async () => {
    const persons = await Promise.all(Array.from({ length: 12 }, (_, i) => person(100 + i, B)));
    // Overlapping requests, as two queue consumers syncing at once might send.
    const runs = await Promise.all([
      allocate(persons.slice(0, 6)),
      allocate(persons.slice(3, 9)),
      allocate(persons.slice(6, 12)),
      allocate(persons.slice(0, 12)),
      allocate(persons.slice(9, 12)),
    ]);
    const { results } = await env.DB.prepare(
      "SELECT person_key, teacher_number FROM teachers WHERE school_code = ?",
    )
      .bind(B)
      .all<{ person_key: string; teacher_number: string }>();
    expect(results).toHaveLength(12);
    expect(new Set(results.map((r) => r.teacher_number)).size).toBe(12);
    const all = await env.DB.prepare("SELECT teacher_number FROM teachers").all();
    expect(new Set(all.results.map((r) => r.teacher_number)).size).toBe(all.results.length);

    const numberOf = new Map(results.map((r) => [r.person_key, r.teacher_number]));
    const shown = new Map<string, number>();
    for (const run of runs)
      for (const [key, account] of run) {
        expect(account.teacherNumber).toBe(numberOf.get(key));
        if (account.initialPassword !== null) shown.set(key, (shown.get(key) ?? 0) + 1);
      }
    // Each password was shown by exactly one allocation: the one whose hash was stored.
    expect([...shown.values()]).toEqual(Array(12).fill(1));
  });

  it("refuses a person key that does not belong to the ID number, and writes nothing", async () => {
    const wrong = { ...(await person(200)), personKey: (await person(201)).personKey };
    const count = () => env.DB.prepare("SELECT count(*) AS n FROM teachers").first<number>("n");
    const before = await count();
    await expect(allocate([wrong])).rejects.toThrow(/不一致/);
    expect(await count()).toBe(before);
  });

  it("does nothing for nobody", async () => {
    expect(await allocate([])).toEqual(new Map());
  });
});

describe("initial passwords shown in the 账号 tab", () => {
  const S = "4306230304";

  it("are shown for 30 days, until the teacher signs in", async () => {
    await addSchools(S);
    const [early, late, signedIn] = await Promise.all([300, 301, 302].map((n) => person(n, S)));
    if (!early || !late || !signedIn) throw new Error("fixtures");
    const a = await allocate([early, signedIn], NOW);
    const b = await allocate([late], daysAfter(10));
    const numberOf = (p: typeof early, from: typeof a) => from.get(p.personKey)?.teacherNumber;

    expect(await markSignedIn(env.DB, numberOf(signedIn, a) ?? "", daysAfter(1))).toBe(true);
    expect(await markSignedIn(env.DB, "430623999999", daysAfter(1))).toBe(false);
    const shown = async (days: number) =>
      (await accountsToShow(env.DB, S, daysAfter(days))).map((account) => account.teacherNumber);
    expect(await shown(2)).toEqual([numberOf(early, a), numberOf(late, b)]);
    expect(await shown(30)).toEqual([numberOf(late, b)]);

    const cleared = await clearExpiredPasswords(env.DB, daysAfter(30));
    expect(cleared).toContainEqual({ teacherNumber: numberOf(early, a), schoolCode: S });
    expect(cleared.map((c) => c.teacherNumber)).not.toContain(numberOf(late, b));
    expect(await clearExpiredPasswords(env.DB, daysAfter(30))).toEqual([]);
    expect(await shown(2)).toEqual([numberOf(late, b)]);
    expect(await accountsToShow(env.DB, S, daysAfter(2))).toEqual([
      { teacherNumber: numberOf(late, b), name: late.name, passwordIssuedAt: daysAfter(10) },
    ]);
  });

  it("keep the first sign-in time", async () => {
    const p = await person(303, S);
    const number = (await allocate([p])).get(p.personKey)?.teacherNumber ?? "";
    await markSignedIn(env.DB, number, daysAfter(1));
    await markSignedIn(env.DB, number, daysAfter(2));
    const row = await env.DB.prepare(
      "SELECT password_cleared_at FROM teachers WHERE teacher_number = ?",
    )
      .bind(number)
      .first<string>("password_cleared_at");
    expect(row).toBe(daysAfter(1));
  });
});

describe("reporting", () => {
  it("counts records per school, section and state, listing schools with none", async () => {
    const crypto = await idCrypto;
    await applyRegistryChanges(
      env.DB,
      [
        await effectiveRecord("R-G1", A, basicValues(residentId(1))),
        { kind: "putRecord", record: record("R-G2", A, { state: "incomplete" }) },
        { kind: "putRecord", record: record("R-G3", A, { state: "incomplete" }) },
        { kind: "putRecord", record: record("R-G4", A, { section: "contact", state: "returned" }) },
        { kind: "putRecord", record: record("R-G5", B, { state: "ready" }) },
      ],
      crypto,
      NOW,
    );
    const progress = await schoolProgress(env.DB);
    const of = (code: string) => progress.find((p) => p.schoolCode === code);
    expect(of(A)).toEqual({
      schoolCode: A,
      schoolName: school(A).name,
      sections: [
        {
          section: "basic",
          counts: {
            incomplete: 2,
            ready: 0,
            awaiting_recheck: 0,
            returned: 0,
            effective: 1,
            change_pending: 0,
            revoked: 0,
          },
        },
        { section: "contact", counts: expect.objectContaining({ returned: 1, effective: 0 }) },
      ],
    });
    expect(of(EMPTY)).toEqual({ schoolCode: EMPTY, schoolName: school(EMPTY).name, sections: [] });
    expect((await schoolProgress(env.DB, B)).map((p) => p.schoolCode)).toEqual([B]);
    expect(await schoolProgress(env.DB, "0000000000")).toEqual([]);
  });

  it("reports a teacher with the ID's keyed reference, never the ID or a digit of it", async () => {
    const p = await person(1);
    const number = (await allocate([p])).get(p.personKey)?.teacherNumber ?? "";
    await applyRegistryChanges(
      env.DB,
      [
        {
          kind: "putRecord",
          record: record("R-G1", A, { personKey: p.personKey, state: "effective" }),
        },
        {
          kind: "putRecord",
          record: record("R-G6", B, { section: "work", personKey: p.personKey }),
        },
        { kind: "teacherEffective", personKey: p.personKey },
      ],
      await idCrypto,
      NOW,
    );
    const report = await teacherByNumber(env.DB, number);
    expect(report).toEqual({
      teacherNumber: number,
      name: p.name,
      idMasked: await (await idCrypto).reference(p.idNumber),
      schoolCode: A,
      schoolName: school(A).name,
      effective: true,
      records: [
        { recordId: "R-G1", schoolCode: A, section: "basic", state: "effective" },
        { recordId: "R-G6", schoolCode: B, section: "work", state: "ready" },
      ],
    });
    expect(JSON.stringify(report)).not.toContain(p.idNumber.slice(6, 14));
    expect(await teacherByNumber(env.DB, "430623999999")).toBeUndefined();
  });
});
