import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { creditInputs } from "../../../src/adapters/store/credits";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { allocateTeacherNumbers } from "../../../src/adapters/store/registry-accounts";
import {
  addSchools,
  basicValues,
  creditsConfirmed,
  effectiveRecord,
  idCrypto,
  NOW,
  residentId,
} from "./fixtures";

const SCHOOL = "4306231701";
const numbers: string[] = [];

beforeAll(async () => {
  await addSchools(SCHOOL);
  const crypto = await idCrypto;
  const persons = await Promise.all(
    [31, 32].map(async (n) => ({
      personKey: await crypto.personKey(residentId(n)),
      name: `教师${n}`,
      schoolCode: SCHOOL,
      idNumber: residentId(n),
    })),
  );
  const issued = await allocateTeacherNumbers(env.DB, persons, crypto, NOW);
  for (const person of persons) numbers.push(issued.get(person.personKey)?.teacherNumber ?? "");
  const training = (n: number, credits: number) => ({
    name: `教师${n}`,
    idNumber: residentId(n),
    year: "2026",
    type: "4",
    project: "县级培训",
    mode: "1",
    hours: credits,
    credits,
  });
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord("R-CS-B31", SCHOOL, basicValues(residentId(31), "教师31")),
      await effectiveRecord("R-CS-B32", SCHOOL, basicValues(residentId(32), "教师32")),
      await effectiveRecord("R-CS-T31", SCHOOL, training(31, 12), "training"),
      await effectiveRecord("R-CS-T32", SCHOOL, training(32, 30), "training"),
    ],
    crypto,
    NOW,
  );
  await env.DB.prepare("UPDATE teachers SET effective = 1").run();
  await creditsConfirmed(["R-CS-T31", "R-CS-T32"], NOW);
});

describe("creditInputs for one teacher", () => {
  it("reads that teacher and their entries only; without a number, everyone", async () => {
    const [first = "", second = ""] = numbers;
    const one = await creditInputs(env.DB, first);
    expect(one.teachers.map((t) => t.teacherNumber)).toEqual([first]);
    expect(one.entries).toEqual([
      { teacherNumber: first, year: 2026, credits: 12, confirmed: true },
    ]);
    const all = await creditInputs(env.DB);
    expect(all.teachers.map((t) => t.teacherNumber).sort()).toEqual([first, second].sort());
    expect(all.entries).toHaveLength(2);
  });
});
