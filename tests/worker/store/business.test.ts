import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  allEvents,
  applyTransition,
  eventsOf,
  listRequests,
  openRequest,
  openRequestsFor,
  personFacts,
  requestById,
  requestsForSchool,
  type StepOptions,
} from "../../../src/adapters/store/business";
import { creditInputs } from "../../../src/adapters/store/credits";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import {
  allocateTeacherNumbers,
  teacherByNumber,
} from "../../../src/adapters/store/registry-accounts";
import { registryMarker, sectionCounts, summaryCounts } from "../../../src/adapters/store/summary";
import {
  type BusinessAction,
  type BusinessRequestInput,
  type BusinessState,
  type Party,
  rotationRecordId,
} from "../../../src/core/business/index";
import { fingerprint } from "../../../src/core/sync/fingerprint";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  record,
  residentId,
} from "./fixtures";

/** 调入学校 (initiates transfers), 调出学校 (holds the teachers), a third school. */
const IN = "4306230901";
const OUT = "4306230902";
const THIRD = "4306230903";

interface Teacher {
  readonly n: number;
  readonly idNumber: string;
  readonly personKey: string;
  readonly teacherNumber: string;
}

/** An effective teacher held by `school`, with an effective 基本信息 and 学习经历 record. */
async function teacher(n: number, school = OUT): Promise<Teacher> {
  const crypto = await idCrypto;
  const idNumber = residentId(n);
  const personKey = await crypto.personKey(idNumber);
  const issued = await allocateTeacherNumbers(
    env.DB,
    [{ personKey, name: `教师${n}`, schoolCode: school, idNumber }],
    crypto,
    NOW,
  );
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord(`RB${n}`, school, {
        ...basicValues(idNumber, `教师${n}`),
        workStart: "2007-09",
        joinSchool: "2010-09",
      }),
      await effectiveRecord(
        `RE${n}`,
        school,
        { name: `教师${n}`, idNumber, degree: "2" },
        "education",
      ),
      { kind: "teacherEffective", personKey },
    ],
    crypto,
    NOW,
  );
  return { n, idNumber, personKey, teacherNumber: issued.get(personKey)?.teacherNumber ?? "" };
}

function transferOf(t: Teacher): BusinessRequestInput {
  return {
    kind: "transfer",
    initiatorSchool: IN,
    otherSchool: OUT,
    personKey: t.personKey,
    teacherNumber: t.teacherNumber,
    name: `教师${t.n}`,
    details: { kind: "transfer", direction: "1", date: "2026-02-01", reason: "夫妻团聚" },
  };
}

const at = (minute: number) => `2026-03-02T08:${String(minute).padStart(2, "0")}:00.000Z`;

async function step(
  id: string,
  from: BusinessState,
  action: BusinessAction,
  party: Party,
  extra: Partial<StepOptions> = {},
) {
  return applyTransition(env.DB, id, action, party, {
    actor: party === "county" ? "人事股" : `${party}@school.cn`,
    reason: action === "refuse" ? "材料不全" : null,
    at: at(10),
    from,
    crypto: await idCrypto,
    ...extra,
  });
}

async function open(input: BusinessRequestInput) {
  const outcome = await openRequest(env.DB, input, { actor: "info@school.cn", at: at(0) });
  if (!outcome.ok) throw new Error("expected the request to open");
  return outcome;
}

async function businessRows() {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    "business_requests",
    "business_events",
    "person_status",
    "teachers",
    "person_schools",
    "records",
    "record_versions",
  ])
    out[table] = (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()).results;
  return out;
}

beforeAll(() => addSchools(IN, OUT, THIRD));

describe("openRequest", () => {
  it("opens a draft with a 申请编号 and an opening event, once", async () => {
    const t = await teacher(1);
    const first = await open(transferOf(t));
    expect(first.created).toBe(true);
    expect(first.request).toMatchObject({ state: "draft", kind: "transfer", initiatorSchool: IN });
    expect(first.request.id).toMatch(/^YW\d{6}$/);

    const again = await open(transferOf(t));
    expect(again).toMatchObject({ created: false, request: { id: first.request.id } });
    expect(await openRequestsFor(env.DB, t.personKey)).toHaveLength(1);
    expect(await eventsOf(env.DB, first.request.id)).toEqual([
      expect.objectContaining({
        action: "open",
        party: "initiator",
        fromState: null,
        toState: "draft",
      }),
    ]);
  });

  it("refuses a second open request for the same teacher, of any kind", async () => {
    const t = await teacher(2);
    const first = await open(transferOf(t));
    const other = await openRequest(
      env.DB,
      {
        ...transferOf(t),
        kind: "status_change",
        initiatorSchool: OUT,
        otherSchool: null,
        details: { kind: "status_change", change: "902", date: "2026-01-01", reason: "到龄" },
      },
      { actor: "x", at: at(1) },
    );
    expect(other).toEqual({
      ok: false,
      existing: expect.objectContaining({ id: first.request.id }),
    });
  });

  it("issues distinct numbers and lets a closed request be followed by a new one", async () => {
    const t = await teacher(3);
    const first = await open(transferOf(t));
    expect((await step(first.request.id, "draft", "withdraw", "initiator")).ok).toBe(true);
    const second = await open(transferOf(t));
    expect(second.created).toBe(true);
    expect(second.request.id).not.toBe(first.request.id);
  });
});

describe("applyTransition: a transfer", () => {
  it("walks every step and moves the teacher, claim and records at completion", async () => {
    const t = await teacher(10);
    const versionsBefore = (
      await env.DB.prepare(
        "SELECT * FROM record_versions WHERE record_id IN ('RB10', 'RE10')",
      ).all()
    ).results;
    const { request } = await open(transferOf(t));
    const steps: [BusinessState, BusinessAction, Party, BusinessState][] = [
      ["draft", "confirm", "initiator", "county_review"],
      ["county_review", "confirm", "county", "counterpart_review"],
      ["counterpart_review", "confirm", "counterpart", "release_review"],
      ["release_review", "confirm", "county", "archive_review"],
      // 调档完成: the receiving school's principal; only now does the person move.
      ["archive_review", "confirm", "initiator", "completed"],
    ];
    for (const [from, action, party, to] of steps) {
      const held = (await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode;
      expect(held).toBe(OUT);
      const outcome = await step(request.id, from, action, party);
      expect(outcome).toMatchObject({ ok: true, applied: true, request: { state: to } });
    }
    const moved = await teacherByNumber(env.DB, t.teacherNumber);
    expect(moved?.schoolCode).toBe(IN);
    expect(moved?.records.map((r) => [r.recordId, r.schoolCode])).toEqual([
      ["RB10", IN],
      ["RE10", IN],
    ]);
    const claim = await env.DB.prepare("SELECT * FROM person_schools WHERE person_key = ?")
      .bind(t.personKey)
      .first();
    expect(claim).toMatchObject({ school_code: IN, record_id: "RB10" });
    expect(
      (
        await env.DB.prepare(
          "SELECT * FROM record_versions WHERE record_id IN ('RB10', 'RE10')",
        ).all()
      ).results,
    ).toEqual(versionsBefore);
    expect((await eventsOf(env.DB, request.id)).map((e) => e.toState)).toEqual([
      "draft",
      "county_review",
      "counterpart_review",
      "release_review",
      "archive_review",
      "completed",
    ]);
  });

  it("applies nothing twice on redelivery: the same step again is a no-op", async () => {
    const t = await teacher(11);
    const { request } = await open(transferOf(t));
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    await step(request.id, "counterpart_review", "confirm", "counterpart");
    await step(request.id, "release_review", "confirm", "county");
    await step(request.id, "archive_review", "confirm", "initiator");
    const before = await businessRows();
    for (const [from, action, party] of [
      ["archive_review", "confirm", "initiator"],
      ["release_review", "confirm", "county"],
      // The first county decision (下达调动) redelivered must not count as 确认调出.
      ["county_review", "confirm", "county"],
      ["draft", "confirm", "initiator"],
    ] as const) {
      const outcome = await step(request.id, from, action, party, { at: at(30) });
      expect(outcome).toMatchObject({ ok: true, applied: false, request: { state: "completed" } });
    }
    expect(await businessRows()).toEqual(before);
  });

  it("a redelivered 下达调动 does not become 确认调出", async () => {
    const t = await teacher(12);
    const { request } = await open(transferOf(t));
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    await step(request.id, "counterpart_review", "confirm", "counterpart");
    const again = await step(request.id, "county_review", "confirm", "county", { at: at(40) });
    expect(again).toMatchObject({ ok: true, applied: false, request: { state: "release_review" } });
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode).toBe(OUT);
  });

  it("two deliveries of one step at once apply it once", async () => {
    const t = await teacher(13);
    const { request } = await open(transferOf(t));
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    await step(request.id, "counterpart_review", "confirm", "counterpart");
    await step(request.id, "release_review", "confirm", "county");
    const outcomes = await Promise.all([
      step(request.id, "archive_review", "confirm", "initiator"),
      step(request.id, "archive_review", "confirm", "initiator", { at: at(11) }),
    ]);
    expect(outcomes.map((o) => o.ok && o.applied).sort()).toEqual([false, true]);
    expect(await eventsOf(env.DB, request.id)).toHaveLength(6);
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode).toBe(IN);
  });

  it("refuses a step by the wrong party, out of turn, or a refusal without reason", async () => {
    const t = await teacher(14);
    const { request } = await open(transferOf(t));
    const before = await businessRows();
    expect(await step(request.id, "draft", "confirm", "county")).toEqual({
      ok: false,
      reason: "该申请正等待调入学校校长确认，人事股不能办理此步",
    });
    expect(await step(request.id, "county_review", "confirm", "county")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("待本校确认"),
    });
    await step(request.id, "draft", "confirm", "initiator");
    const mid = await businessRows();
    expect(await step(request.id, "county_review", "refuse", "county", { reason: " " })).toEqual({
      ok: false,
      reason: "选择“不同意”时须填写理由",
    });
    expect(await step(request.id, "county_review", "confirm", "counterpart")).toMatchObject({
      ok: false,
      reason: "该申请正等待人事股审核，调出学校不能办理此步",
    });
    expect(await businessRows()).toEqual(mid);
    expect(before).not.toEqual(mid);
    expect(await step("YW999999", "draft", "confirm", "initiator")).toMatchObject({ ok: false });
  });

  it("a refused transfer moves nothing and stays closed", async () => {
    const t = await teacher(15);
    const { request } = await open(transferOf(t));
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    const refused = await step(request.id, "counterpart_review", "refuse", "counterpart");
    expect(refused).toMatchObject({ ok: true, applied: true, request: { state: "refused" } });
    expect((await eventsOf(env.DB, request.id)).at(-1)).toMatchObject({
      action: "refuse",
      reason: "材料不全",
    });
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode).toBe(OUT);
    expect(await step(request.id, "refused", "confirm", "county")).toMatchObject({
      ok: false,
      reason: "该申请不同意，已经办结，不能再办理",
    });
  });
});

describe("applyTransition: status changes and rotations", () => {
  it("a completed retirement sets the status and marks the person as left", async () => {
    const t = await teacher(20, THIRD);
    const { request } = await open({
      kind: "status_change",
      initiatorSchool: THIRD,
      otherSchool: null,
      personKey: t.personKey,
      teacherNumber: t.teacherNumber,
      name: "教师20",
      details: { kind: "status_change", change: "902", date: "2026-01-31", reason: "到龄退休" },
    });
    await step(request.id, "draft", "confirm", "initiator");
    expect((await personFacts(env.DB, t.personKey))?.statusCode).toBeNull();
    const done = await step(request.id, "county_review", "confirm", "county");
    expect(done).toMatchObject({ ok: true, applied: true, request: { state: "completed" } });
    expect(
      await env.DB.prepare("SELECT * FROM person_status WHERE person_key = ?")
        .bind(t.personKey)
        .first(),
    ).toMatchObject({ code: "902", since: "2026-01-31", request_id: request.id, has_left: 1 });
    expect(await personFacts(env.DB, t.personKey)).toMatchObject({
      statusCode: "902",
      holdingSchool: THIRD,
      effective: true,
      birthDate: "1985-06-01",
      workStart: "2007-09",
      joinSchool: "2010-09",
    });
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.records).toHaveLength(2);
    // The credit ledger stops asking from the date they left.
    const { teachers } = await creditInputs(env.DB);
    expect(teachers.find((x) => x.teacherNumber === t.teacherNumber)?.leaves).toBe("2026-01-31");
    expect(teachers.find((x) => x.teacherNumber !== t.teacherNumber)?.leaves).toBeNull();
  });

  it("a completed rotation adds one effective 交流轮岗 record without a clear ID", async () => {
    const t = await teacher(21, THIRD);
    const { request } = await open({
      kind: "rotation",
      initiatorSchool: THIRD,
      otherSchool: IN,
      personKey: t.personKey,
      teacherNumber: t.teacherNumber,
      name: "教师21",
      details: { kind: "rotation", rotationType: "2", start: "2026-02", end: null, reason: "" },
    });
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "exchange_review", "confirm", "counterpart");
    await step(request.id, "county_review", "confirm", "county");
    await step(request.id, "county_review", "confirm", "county", { at: at(50) });
    const recordId = rotationRecordId(request.id);
    const record = await env.DB.prepare("SELECT * FROM records WHERE record_id = ?")
      .bind(recordId)
      .first();
    expect(record).toMatchObject({
      school_code: THIRD,
      section: "rotation",
      person_key: t.personKey,
      state: "effective",
      effective_version: 1,
    });
    const version = await env.DB.prepare("SELECT * FROM record_versions WHERE record_id = ?")
      .bind(recordId)
      .all<{ hash: string; values_json: string }>();
    expect(version.results).toHaveLength(1);
    const stored = version.results[0];
    expect(stored?.values_json).not.toContain(t.idNumber);
    expect(JSON.parse(stored?.values_json ?? "{}")).toEqual({
      name: "教师21",
      idNumber: { $person: t.personKey },
      type: "2",
      transferRelation: "0",
      start: "2026-02",
      originalUnit: "华容县测试学校903",
      rotationUnit: "华容县测试学校901",
    });
    expect(stored?.hash).toBe(
      fingerprint({
        name: "教师21",
        idNumber: t.idNumber,
        type: "2",
        transferRelation: "0",
        start: "2026-02",
        originalUnit: "华容县测试学校903",
        rotationUnit: "华容县测试学校901",
      }),
    );
  });
});

describe("reading", () => {
  it("lists a school's requests on both sides, filters, and groups events", async () => {
    const forIn = await requestsForSchool(env.DB, IN);
    const forOut = await requestsForSchool(env.DB, OUT);
    expect(forIn.length).toBeGreaterThan(0);
    expect(forIn.every((r) => r.initiatorSchool === IN || r.otherSchool === IN)).toBe(true);
    expect(forOut.map((r) => r.id)).toEqual(
      forIn.filter((r) => r.kind === "transfer").map((r) => r.id),
    );
    const completed = await listRequests(env.DB, { kind: "transfer", state: "completed" });
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(completed.every((r) => r.kind === "transfer" && r.state === "completed")).toBe(true);
    expect(await listRequests(env.DB, { school: THIRD, kind: "rotation" })).toHaveLength(1);
    const events = await allEvents(env.DB);
    const first = completed[0];
    expect(first && (await requestById(env.DB, first.id))).toEqual(first);
    expect(first && events.get(first.id)).toEqual(first && (await eventsOf(env.DB, first.id)));
  });
});

describe("business tables at rest", () => {
  it("hold no ID number, clear or in part", async () => {
    const rows = JSON.stringify(
      await Promise.all(
        ["business_requests", "business_events", "person_status"].map(
          async (table) => (await env.DB.prepare(`SELECT * FROM ${table}`).all()).results,
        ),
      ),
    );
    expect(rows).toContain("YW");
    for (const n of [1, 10, 20, 21]) expect(rows).not.toContain(residentId(n).slice(6, 14));
  });

  it.each([
    ["UPDATE business_events SET reason = 'forged'"],
    ["DELETE FROM business_events"],
    [
      `INSERT OR REPLACE INTO business_events (request_id, action, party, actor, from_state,
         to_state, at)
       SELECT request_id, 'confirm', 'county', 'forger', from_state, to_state, at
       FROM business_events LIMIT 1`,
    ],
  ])("business_events is append-only: %s", async (sql) => {
    const before = (await env.DB.prepare("SELECT * FROM business_events").all()).results;
    await expect(env.DB.prepare(sql).run()).rejects.toThrow(/append-only/);
    expect((await env.DB.prepare("SELECT * FROM business_events").all()).results).toEqual(before);
  });
});

describe("the summary follows the registry", () => {
  const FROM = "4306230911";
  const TO = "4306230912";

  const countsOf = async (code: string) => {
    const school = (await summaryCounts(env.DB, [])).find((s) => s.code === code);
    const sections = (await sectionCounts(env.DB)).filter((s) => s.school === code);
    return {
      people: school?.people,
      effective: school?.counts.effective,
      sections: Object.fromEntries(sections.map((s) => [s.section, s.effectivePeople])),
    };
  };

  it("a completed transfer moves the teacher's counts to the receiving school", async () => {
    await addSchools(FROM, TO);
    const t = await teacher(30, FROM);
    await teacher(31, FROM);
    expect(await countsOf(FROM)).toEqual({
      people: 2,
      effective: 4,
      sections: { basic: 2, education: 2 },
    });
    expect(await countsOf(TO)).toEqual({ people: 0, effective: 0, sections: {} });
    const marker = await registryMarker(env.DB);

    const { request } = await open({ ...transferOf(t), initiatorSchool: TO, otherSchool: FROM });
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    await step(request.id, "counterpart_review", "confirm", "counterpart");
    expect((await countsOf(TO)).people).toBe(0);
    await step(request.id, "release_review", "confirm", "county");
    expect((await countsOf(TO)).people).toBe(0);
    await step(request.id, "archive_review", "confirm", "initiator");

    expect(await countsOf(FROM)).toEqual({
      people: 1,
      effective: 2,
      sections: { basic: 1, education: 1 },
    });
    expect(await countsOf(TO)).toEqual({
      people: 1,
      effective: 2,
      sections: { basic: 1, education: 1 },
    });
    expect(await registryMarker(env.DB)).not.toBe(marker);
  });
});

describe("a transfer hands over the file as it stands in force", () => {
  /** A record of teacher `t` at the 调出学校, in `state`, with no version in force. */
  async function pending(t: Teacher, recordId: string, state: "ready" | "awaiting_recheck") {
    await applyRegistryChanges(
      env.DB,
      [
        {
          kind: "putRecord",
          record: record(recordId, OUT, {
            section: "education",
            personKey: t.personKey,
            state,
            approvedHash: state === "ready" ? null : "seen",
          }),
        },
      ],
      await idCrypto,
      NOW,
    );
  }

  it("waits while the 调出学校 holds a record not settled; moves everything once it is", async () => {
    const t = await teacher(40);
    await pending(t, "RW40", "ready");
    const { request } = await open(transferOf(t));
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    const before = await businessRows();
    expect(await step(request.id, "counterpart_review", "confirm", "counterpart")).toEqual({
      ok: false,
      reason:
        "本校尚有该教师未生效的记录 1 条（学习经历），请先完成审核或删除未生效的行，再确认调出；「本校确认」已保留，这些记录都生效或删除后自动确认",
    });
    expect(await businessRows()).toEqual(before);

    // Approved and rechecked: the record is in force, and the 调出学校's confirmation lands.
    await applyRegistryChanges(
      env.DB,
      [
        await effectiveRecord(
          "RW40",
          OUT,
          { name: "教师40", idNumber: t.idNumber, degree: "3" },
          "education",
        ),
      ],
      await idCrypto,
      NOW,
    );
    expect(await step(request.id, "counterpart_review", "confirm", "counterpart")).toMatchObject({
      ok: true,
      applied: true,
      request: { state: "release_review" },
    });

    // A row entered before 确认调出 holds the release, in 人事股's words; nothing moves.
    await pending(t, "RX40", "awaiting_recheck");
    const held = await businessRows();
    expect(await step(request.id, "release_review", "confirm", "county")).toEqual({
      ok: false,
      reason:
        "调出学校尚有该教师未生效的记录 1 条（学习经历），须由调出学校完成审核（校长审核、县级复核）或删除未生效的行后，才能确认调出",
    });
    expect(await businessRows()).toEqual(held);
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode).toBe(OUT);

    // The school deletes that row: a removed record does not hold the file.
    await applyRegistryChanges(
      env.DB,
      [
        {
          kind: "putRecord",
          record: record("RX40", OUT, {
            section: "education",
            personKey: t.personKey,
            state: "ready",
            removedAt: at(20),
          }),
        },
      ],
      await idCrypto,
      NOW,
    );
    expect(await step(request.id, "release_review", "confirm", "county")).toMatchObject({
      ok: true,
      applied: true,
      request: { state: "archive_review" },
    });
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode).toBe(OUT);
    // A row entered before 调档完成 holds the move too, in the receiving school's words.
    await pending(t, "RZ40", "ready");
    expect(await step(request.id, "archive_review", "confirm", "initiator")).toEqual({
      ok: false,
      reason: expect.stringContaining("调动才能完成；「调档完成」已保留"),
    });
    expect((await teacherByNumber(env.DB, t.teacherNumber))?.schoolCode).toBe(OUT);
    await applyRegistryChanges(
      env.DB,
      [
        {
          kind: "putRecord",
          record: record("RZ40", OUT, {
            section: "education",
            personKey: t.personKey,
            state: "ready",
            removedAt: at(21),
          }),
        },
      ],
      await idCrypto,
      NOW,
    );
    expect(await step(request.id, "archive_review", "confirm", "initiator")).toMatchObject({
      ok: true,
      applied: true,
      request: { state: "completed" },
    });
    const moved = await teacherByNumber(env.DB, t.teacherNumber);
    expect(moved?.schoolCode).toBe(IN);
    expect(moved?.records.map((r) => [r.recordId, r.schoolCode]).sort()).toEqual([
      ["RB40", IN],
      ["RE40", IN],
      ["RW40", IN],
      ["RX40", IN],
      ["RZ40", IN],
    ]);
  });

  it("a record entered while 确认调出 is being applied stops the batch itself", async () => {
    const t = await teacher(41);
    const { request } = await open(transferOf(t));
    await step(request.id, "draft", "confirm", "initiator");
    await step(request.id, "county_review", "confirm", "county");
    await step(request.id, "counterpart_review", "confirm", "counterpart");
    // The school's sync stores a new row between the store's check and its batch.
    const racing = new Proxy(env.DB, {
      get(target, property) {
        if (property === "batch")
          return async (statements: D1PreparedStatement[]) => {
            await pending(t, "RY41", "ready");
            return target.batch(statements);
          };
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const outcome = await applyTransition(racing, request.id, "confirm", "county", {
      actor: "人事股",
      reason: null,
      at: at(50),
      from: "release_review",
      crypto: await idCrypto,
    });
    expect(outcome).toEqual({
      ok: false,
      reason: expect.stringContaining("调出学校尚有该教师未生效的记录 1 条（学习经历）"),
    });
    expect((await requestById(env.DB, request.id))?.state).toBe("release_review");
    expect((await eventsOf(env.DB, request.id)).map((e) => e.toState)).not.toContain("completed");
    const held = await teacherByNumber(env.DB, t.teacherNumber);
    expect(held?.schoolCode).toBe(OUT);
    expect(new Set(held?.records.map((r) => r.schoolCode))).toEqual(new Set([OUT]));
  });
});
