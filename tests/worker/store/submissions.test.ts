import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { allocateTeacherNumbers } from "../../../src/adapters/store/registry-accounts";
import {
  markSubmissionsWritten,
  pendingSubmissions,
  queueSubmission,
  submissionsOf,
} from "../../../src/adapters/store/submissions";
import { addSchools, basicValues, effectiveRecord, idCrypto, NOW, residentId } from "./fixtures";

const A = "4306231101";
const B = "4306231102";
const LATER = "2026-03-01T09:00:00.000Z";

let teacherA = "";
let teacherB = "";

beforeAll(async () => {
  await addSchools(A, B);
  const crypto = await idCrypto;
  const persons = await Promise.all(
    [
      [1, A],
      [2, B],
    ].map(async ([n, schoolCode]) => ({
      personKey: await crypto.personKey(residentId(n as number)),
      name: `教师${n}`,
      schoolCode: schoolCode as string,
      idNumber: residentId(n as number),
    })),
  );
  const issued = await allocateTeacherNumbers(env.DB, persons, crypto, NOW);
  teacherA = issued.get(persons[0]?.personKey ?? "")?.teacherNumber ?? "";
  teacherB = issued.get(persons[1]?.personKey ?? "")?.teacherNumber ?? "";
  await applyRegistryChanges(
    env.DB,
    [await effectiveRecord("R-SUB-1", A, basicValues(residentId(1)))],
    crypto,
    NOW,
  );
});

describe("teacher submissions", () => {
  it("stores the ID number only as a person reference and restores it for the sync", async () => {
    const crypto = await idCrypto;
    const values = { ...basicValues(residentId(1), "李晓红"), remarks: `旧证 ${residentId(9)}` };
    const id = await queueSubmission(
      env.DB,
      crypto,
      { teacherNumber: teacherA, schoolCode: A, section: "basic", recordId: "R-SUB-1", values },
      NOW,
    );
    expect(id).toMatch(/^TS-[0-9a-f-]{36}$/);

    const stored = await env.DB.prepare("SELECT * FROM teacher_submissions WHERE id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(stored)).not.toContain(residentId(1));
    expect(JSON.stringify(stored)).not.toContain(residentId(9));
    expect(stored).toMatchObject({ written_at: null, outcome: null, record_id: "R-SUB-1" });

    const pending = await pendingSubmissions(env.DB, A, crypto);
    expect(pending).toEqual([
      {
        id,
        teacherNumber: teacherA,
        schoolCode: A,
        section: "basic",
        recordId: "R-SUB-1",
        values,
        createdAt: NOW,
      },
    ]);
    expect(await pendingSubmissions(env.DB, B, crypto)).toEqual([]);
  });

  it("lets a newer version of the same row supersede the pending one", async () => {
    const crypto = await idCrypto;
    const newer = await queueSubmission(
      env.DB,
      crypto,
      {
        teacherNumber: teacherA,
        schoolCode: A,
        section: "basic",
        recordId: "R-SUB-1",
        values: basicValues(residentId(1), "李晓青"),
      },
      LATER,
    );
    const pending = await pendingSubmissions(env.DB, A, crypto);
    expect(pending.map((s) => [s.id, s.values.name])).toEqual([[newer, "李晓青"]]);
    const own = await submissionsOf(env.DB, teacherA);
    expect(own.map((s) => s.outcome)).toEqual([null, "superseded"]);
  });

  it("keeps new rows apart and orders a school's pending submissions oldest first", async () => {
    const crypto = await idCrypto;
    const values = { name: "教师2", idNumber: residentId(2), degree: "学士" };
    const first = await queueSubmission(
      env.DB,
      crypto,
      { teacherNumber: teacherB, schoolCode: B, section: "education", recordId: null, values },
      NOW,
    );
    const second = await queueSubmission(
      env.DB,
      crypto,
      { teacherNumber: teacherB, schoolCode: B, section: "education", recordId: null, values },
      LATER,
    );
    expect((await pendingSubmissions(env.DB, B, crypto)).map((s) => s.id)).toEqual([first, second]);
  });

  it("marks written once, keeping the first time and outcome", async () => {
    const crypto = await idCrypto;
    const [first, second] = (await pendingSubmissions(env.DB, B, crypto)).map((s) => s.id);
    await markSubmissionsWritten(env.DB, [first ?? ""], LATER);
    await markSubmissionsWritten(env.DB, [second ?? ""], LATER, "dropped");
    await markSubmissionsWritten(env.DB, [first ?? "", "TS-unknown"], "2026-03-02T00:00:00.000Z");
    expect(await pendingSubmissions(env.DB, B, crypto)).toEqual([]);
    const own = await submissionsOf(env.DB, teacherB);
    expect(own.map((s) => [s.id, s.writtenAt, s.outcome])).toEqual([
      [second, LATER, "dropped"],
      [first, LATER, "written"],
    ]);
    expect(await submissionsOf(env.DB, teacherA)).toHaveLength(2);
  });

  it("refuses a submission naming an unknown teacher, school or record", async () => {
    const crypto = await idCrypto;
    const base = {
      teacherNumber: teacherA,
      schoolCode: A,
      section: "basic",
      recordId: null,
      values: basicValues(residentId(1)),
    };
    for (const wrong of [
      { teacherNumber: "430623999999" },
      { schoolCode: "4306239999" },
      { recordId: "R-NONE" },
    ])
      await expect(queueSubmission(env.DB, crypto, { ...base, ...wrong }, NOW)).rejects.toThrow(
        /FOREIGN KEY/,
      );
  });
});
