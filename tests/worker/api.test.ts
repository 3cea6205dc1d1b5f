import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { applyRegistryChanges, upsertSchools } from "../../src/adapters/store/registry";
import { allocateTeacherNumbers } from "../../src/adapters/store/registry-accounts";
import { app } from "../../src/app";
import type { RegistryRecord } from "../../src/core/sync/model";
import { ID } from "../core/validate/fixture";

const AUTH = { authorization: "Bearer test-admin-token" };
const SCHOOL = { code: "4306230077", name: "华容县接口测试小学" };
let teacherNumber = "";

const get = (path: string, headers: Record<string, string> = AUTH) =>
  app.request(path, { headers }, env);

beforeAll(async () => {
  const crypto = await idCryptoFromEnv(env);
  await upsertSchools(env.DB, [
    { ...SCHOOL, category: "primary_secondary", township: "章华镇", spreadsheetId: null },
  ]);
  const personKey = await crypto.personKey(ID.zhang);
  const issued = await allocateTeacherNumbers(
    env.DB,
    [{ personKey, name: "张伟", schoolCode: SCHOOL.code, idNumber: ID.zhang }],
    crypto,
    "2026-11-28T00:00:00.000Z",
  );
  teacherNumber = issued.get(personKey)?.teacherNumber ?? "";
  const record = (recordId: string, section: string, state: RegistryRecord["state"]) => ({
    kind: "putRecord" as const,
    record: {
      recordId,
      schoolCode: SCHOOL.code,
      section,
      personKey,
      state,
      seenHash: "h",
      approvedHash: null,
      effective: null,
      changeRequestId: null,
      reason: null,
    },
  });
  await applyRegistryChanges(
    env.DB,
    [
      record("RAPI1", "basic", "awaiting_recheck"),
      record("RAPI2", "contact", "incomplete"),
      record("RAPI3", "education", "ready"),
    ],
    crypto,
    "2026-11-28T00:00:00.000Z",
  );
});

describe("GET /api/schools", () => {
  it("lists every school with its records per section and state", async () => {
    const res = await get("/api/schools");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      stateLabels: Record<string, string>;
      schools: { code: string; totals: Record<string, number>; sections: { title: string }[] }[];
    };
    expect(body.stateLabels.awaiting_recheck).toBe("已审核待复核");
    const school = body.schools.find((s) => s.code === SCHOOL.code);
    expect(school?.totals).toMatchObject({
      awaiting_recheck: 1,
      incomplete: 1,
      ready: 1,
      effective: 0,
    });
    expect(school?.sections.map((s) => s.title).sort()).toEqual(
      ["基本信息", "学习经历", "联系方式"].sort(),
    );
  });

  it("answers one school, 400 for a malformed code and 404 for an unknown one", async () => {
    expect((await get(`/api/schools/${SCHOOL.code}`)).status).toBe(200);
    const bad = await get("/api/schools/43062");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "学校代码应为10位数字" });
    expect((await get("/api/schools/4306239999")).status).toBe(404);
  });
});

describe("GET /api/teachers/:number", () => {
  it("answers the teacher with the ID number's keyed reference and nothing personal besides", async () => {
    const res = await get(`/api/teachers/${teacherNumber}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(ID.zhang);
    expect(text).not.toContain(ID.zhang.slice(6, 14));
    // Not even the ends: with the birth date known, the region and last 4 leave nothing to guess.
    expect(text).not.toContain(ID.zhang.slice(-4));
    const { teacher } = JSON.parse(text) as { teacher: Record<string, unknown> };
    expect(teacher).toMatchObject({
      teacherNumber,
      name: "张伟",
      idMasked: await (await idCryptoFromEnv(env)).reference(ID.zhang),
      schoolCode: SCHOOL.code,
    });
  });

  it("400 for a malformed number, 404 for an unknown one", async () => {
    expect((await get("/api/teachers/12345")).status).toBe(400);
    expect((await get("/api/teachers/430623999999")).status).toBe(404);
  });
});

describe("every /api route needs the admin token", () => {
  it.each(["/api/schools", `/api/schools/${SCHOOL.code}`, "/api/teachers/430623000001"])(
    "%s refuses a missing or wrong token with 401",
    async (path) => {
      expect((await get(path, {})).status).toBe(401);
      expect((await get(path, { authorization: "Bearer nope" })).status).toBe(401);
    },
  );
});
