import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  applyRegistryChanges,
  decideRecheckItem,
  loadSchoolRegistry,
  markRecheckAppended,
  openChangeRequests,
  pendingRecheckItems,
  recheckItem,
  schoolBySpreadsheet,
  upsertSchools,
} from "../../../src/adapters/store/registry";
import { allocateTeacherNumbers } from "../../../src/adapters/store/registry-accounts";
import type { RegistryChange, ReviewEvent } from "../../../src/core/sync/model";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  record,
  residentId,
  school,
  snapshot,
  version,
} from "./fixtures";

const A = "4306230201";
const B = "4306230202";
const LATER = "2026-03-02T08:00:00.000Z";

beforeAll(() => addSchools(A, B));

function event(recordId: string, kind: ReviewEvent["kind"], detail = ""): RegistryChange {
  return {
    kind: "event",
    event: { recordId, kind, actor: "principal", at: NOW, spreadsheetId: `sheet-${A}`, detail },
  };
}

async function apply(changes: RegistryChange[], now = NOW) {
  await applyRegistryChanges(env.DB, changes, await idCrypto, now);
}

async function load(schoolCode: string, personKeys: string[] = []) {
  const registry = await loadSchoolRegistry(env.DB, schoolCode, personKeys, await idCrypto);
  if (registry === undefined) throw new Error(`no school ${schoolCode}`);
  return registry;
}

describe("schools", () => {
  it("upserts from the schools list and finds a school by its spreadsheet", async () => {
    await upsertSchools(env.DB, [
      school("4306230299", { spreadsheetId: "sheet-x", category: "kindergarten" }),
    ]);
    expect(await schoolBySpreadsheet(env.DB, "sheet-x")).toEqual(
      school("4306230299", { spreadsheetId: "sheet-x", category: "kindergarten" }),
    );
    expect(await schoolBySpreadsheet(env.DB, "nope")).toBeUndefined();
  });

  it("updates names and keeps a known spreadsheet when the list has none", async () => {
    await upsertSchools(env.DB, [school("4306230299", { name: "新名字", spreadsheetId: null })]);
    expect(await schoolBySpreadsheet(env.DB, "sheet-x")).toMatchObject({
      code: "4306230299",
      name: "新名字",
      spreadsheetId: "sheet-x",
    });
  });

  it("refuses an unknown category", async () => {
    await expect(
      upsertSchools(env.DB, [school("4306230298", { category: "university" as never })]),
    ).rejects.toThrow(/CHECK/);
  });
});

describe("loadSchoolRegistry", () => {
  it("is undefined for an unknown school and empty for a new one", async () => {
    expect(await loadSchoolRegistry(env.DB, "0000000000", [], await idCrypto)).toBeUndefined();
    expect(await load(B)).toMatchObject({
      schoolCode: B,
      schoolName: school(B).name,
      category: "primary_secondary",
      records: new Map(),
      teachers: new Map(),
    });
  });

  it("gives back exactly what was put, ID numbers and ID-like text included", async () => {
    const crypto = await idCrypto;
    const values = {
      ...basicValues(residentId(10)),
      remarks: `曾用证件 ${residentId(11)}`,
      titles: ["一级教师", residentId(12)],
      oldId: 430623850601123,
      age: 40,
    };
    const put = await effectiveRecord("R-L1", A, values);
    const pending = record("R-L2", A, {
      section: "education",
      personKey: await crypto.personKey(residentId(10)),
      state: "awaiting_recheck",
      seenHash: "s2",
      approvedHash: "s2",
    });
    await apply([put, { kind: "putRecord", record: pending }]);
    const registry = await load(A);
    expect(registry.records.get("R-L1")).toEqual(put.kind === "putRecord" && put.record);
    expect(registry.records.get("R-L1")?.effective?.values).toEqual(values);
    expect(registry.records.get("R-L2")).toEqual(pending);
  });

  it("keeps when a row was found removed, and clears it when the row is back", async () => {
    const removed = record("R-L5", A, { state: "ready", removedAt: NOW });
    await apply([{ kind: "putRecord", record: removed }]);
    expect((await load(A)).records.get("R-L5")).toEqual(removed);
    const { removedAt: _, ...back } = removed;
    await apply([{ kind: "putRecord", record: back }]);
    expect((await load(A)).records.get("R-L5")?.removedAt).toBeNull();
  });

  it("restores an ID that is not in normalised form as it was", async () => {
    const values = { ...basicValues(`${residentId(13).slice(0, 17)}x `), name: "王建国" };
    await apply([await effectiveRecord("R-L3", A, values)]);
    expect((await load(A)).records.get("R-L3")?.effective?.values).toEqual(values);
  });

  it("loads the version in force, not the latest one appended", async () => {
    const v1 = version(1, basicValues(residentId(14)));
    const v2 = version(2, basicValues(residentId(14), "李晓艳"));
    const base = record("R-L4", A, { state: "effective", effective: v1, seenHash: v1.hash });
    await apply([{ kind: "putRecord", record: base, newVersion: v1 }]);
    await apply([
      { kind: "putRecord", record: { ...base, effective: v2, seenHash: v2.hash }, newVersion: v2 },
    ]);
    expect((await load(A)).records.get("R-L4")?.effective).toEqual(v2);
  });

  it("brings this school's teachers and the named persons' teachers from other schools", async () => {
    const crypto = await idCrypto;
    const here = await crypto.personKey(residentId(20));
    const there = await crypto.personKey(residentId(21));
    const unrelated = await crypto.personKey(residentId(22));
    await allocateTeacherNumbers(
      env.DB,
      [
        { personKey: here, name: "甲", schoolCode: A, idNumber: residentId(20) },
        { personKey: there, name: "乙", schoolCode: B, idNumber: residentId(21) },
        { personKey: unrelated, name: "丙", schoolCode: B, idNumber: residentId(22) },
      ],
      crypto,
      NOW,
    );
    await apply([{ kind: "teacherEffective", personKey: there }]);
    const teachers = (await load(A, [there, "not-a-known-person"])).teachers;
    expect([...teachers.keys()].sort()).toEqual([here, there].sort());
    expect(teachers.get(there)).toMatchObject({ schoolCode: B, effective: true });
    expect(teachers.get(here)).toMatchObject({ schoolCode: A, effective: false });
    expect(teachers.get(here)?.teacherNumber).toMatch(/^430623\d{6}$/);
  });
});

describe("applyRegistryChanges", () => {
  async function workload(): Promise<RegistryChange[]> {
    const crypto = await idCrypto;
    const person = await crypto.personKey(residentId(40));
    const effective = await effectiveRecord("R-A1", A, basicValues(residentId(40)));
    const proposed = basicValues(residentId(40), "李晓艳");
    return [
      effective,
      event("R-A1", "effective"),
      event("R-A1", "effective"),
      { kind: "teacherEffective", personKey: person },
      {
        kind: "putRecord",
        record: record("R-A2", A, {
          section: "education",
          personKey: person,
          state: "awaiting_recheck",
        }),
      },
      event("R-A2", "approved"),
      {
        kind: "sendToRecheck",
        item: { recordId: "R-A2", schoolCode: A, section: "education", hash: "h1" },
      },
      { kind: "withdrawRecheck", recordId: "R-A2" },
      {
        kind: "sendToRecheck",
        item: { recordId: "R-A2", schoolCode: A, section: "education", hash: "h2" },
      },
      {
        kind: "openChangeRequest",
        request: {
          changeRequestId: "CR-A1",
          recordId: "R-A1",
          schoolCode: A,
          section: "basic",
          baseVersion: 1,
          proposedHash: version(2, proposed).hash,
          proposed,
        },
      },
    ];
  }

  it("applies every kind of change", async () => {
    await apply(await workload());
    const registry = await load(A);
    expect(registry.records.get("R-A1")?.state).toBe("effective");
    expect(registry.records.get("R-A2")?.state).toBe("awaiting_recheck");
    expect((await recheckItem(env.DB, "R-A2"))?.hash).toBe("h2");
    const items = await env.DB.prepare(
      "SELECT hash, state FROM recheck_items WHERE record_id = 'R-A2' ORDER BY hash",
    ).all();
    expect(items.results).toEqual([
      { hash: "h1", state: "withdrawn" },
      { hash: "h2", state: "queued" },
    ]);
    const events = await env.DB.prepare(
      "SELECT record_id, kind FROM review_events WHERE record_id LIKE 'R-A%' ORDER BY id",
    ).all();
    expect(events.results).toEqual([
      { record_id: "R-A1", kind: "effective" },
      { record_id: "R-A2", kind: "approved" },
    ]);
    const [request] = await openChangeRequests(env.DB, await idCrypto, A);
    expect(request).toMatchObject({ changeRequestId: "CR-A1", baseVersion: 1, openedAt: NOW });
    expect(request?.proposed).toEqual(basicValues(residentId(40), "李晓艳"));
  });

  it("changes nothing when the same changes arrive again (at-least-once delivery)", async () => {
    const before = await snapshot();
    await apply(await workload());
    await apply(await workload());
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the order of changes to the same rows", async () => {
    const item = { recordId: "R-A3", schoolCode: A, section: "work", hash: "h" };
    await apply([
      { kind: "sendToRecheck", item },
      { kind: "withdrawRecheck", recordId: "R-A3" },
    ]);
    expect((await recheckItem(env.DB, "R-A3"))?.state).toBe("withdrawn");
    await apply([{ kind: "sendToRecheck", item }], LATER);
    expect(await recheckItem(env.DB, "R-A3")).toMatchObject({ state: "queued", queuedAt: LATER });
  });

  it("takes the last of two puts of one record", async () => {
    await apply([
      { kind: "putRecord", record: record("R-A4", A, { state: "incomplete" }) },
      { kind: "putRecord", record: record("R-A4", A, { state: "ready" }) },
    ]);
    expect((await load(A)).records.get("R-A4")?.state).toBe("ready");
  });

  it("writes nothing when one change fails (one batch)", async () => {
    const before = await snapshot();
    await expect(
      apply([
        { kind: "putRecord", record: record("R-A5", A) },
        event("R-A5", "entered"),
        { kind: "putRecord", record: record("R-A6", "9999999999") },
      ]),
    ).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a second version 1 with other values", async () => {
    const again = await effectiveRecord("R-A1", A, basicValues(residentId(40), "别人"));
    await expect(apply([again])).rejects.toThrow(/append-only/);
  });

  it("does nothing for no changes", async () => {
    const before = await snapshot();
    await apply([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("change requests", () => {
  it("lists open requests per school or county-wide, and closes each once", async () => {
    const proposed = basicValues(residentId(50));
    const open = (id: string, recordId: string, schoolCode: string): RegistryChange => ({
      kind: "openChangeRequest",
      request: {
        changeRequestId: id,
        recordId,
        schoolCode,
        section: "basic",
        baseVersion: 1,
        proposedHash: "p",
        proposed,
      },
    });
    await apply([
      await effectiveRecord("R-C1", A, proposed),
      await effectiveRecord("R-C2", B, basicValues(residentId(51))),
      open("CR-C1", "R-C1", A),
      open("CR-C2", "R-C2", B),
    ]);
    const crypto = await idCrypto;
    const ids = async (schoolCode?: string) =>
      (await openChangeRequests(env.DB, crypto, schoolCode)).map((r) => r.changeRequestId);
    expect(await ids(B)).toEqual(["CR-C2"]);
    expect(await ids()).toEqual(expect.arrayContaining(["CR-C1", "CR-C2"]));

    await apply(
      [
        {
          kind: "closeChangeRequest",
          changeRequestId: "CR-C2",
          outcome: "rejected",
          reason: "无依据",
        },
      ],
      LATER,
    );
    await apply([{ kind: "closeChangeRequest", changeRequestId: "CR-C2", outcome: "approved" }]);
    expect(await ids(B)).toEqual([]);
    const closed = await env.DB.prepare(
      "SELECT state, reason, closed_at FROM change_requests WHERE id = 'CR-C2'",
    ).first();
    expect(closed).toEqual({ state: "rejected", reason: "无依据", closed_at: LATER });
  });
});

describe("the recheck queue", () => {
  const item = (recordId: string, hash = "h") => ({
    recordId,
    schoolCode: B,
    section: "basic",
    hash,
  });

  it("hands out queued items oldest first, then records where they were appended", async () => {
    await apply([{ kind: "sendToRecheck", item: item("R-Q2") }], LATER);
    await apply([{ kind: "sendToRecheck", item: item("R-Q1") }], NOW);
    const pending = (await pendingRecheckItems(env.DB, 100)).map((i) => i.recordId);
    expect(pending.indexOf("R-Q1")).toBeLessThan(pending.indexOf("R-Q2"));
    expect(await pendingRecheckItems(env.DB, 1)).toHaveLength(1);

    expect(await markRecheckAppended(env.DB, "R-Q1", "h", "personnel", 7)).toBe(true);
    expect(await markRecheckAppended(env.DB, "R-Q1", "h", "personnel", 8)).toBe(false);
    expect(await markRecheckAppended(env.DB, "R-Q1", "other", "personnel", 8)).toBe(false);
    expect(await recheckItem(env.DB, "R-Q1")).toEqual({
      ...item("R-Q1"),
      state: "appended",
      office: "personnel",
      sheetRow: 7,
      queuedAt: NOW,
      decidedAt: null,
      reason: null,
    });
    expect((await pendingRecheckItems(env.DB, 100)).map((i) => i.recordId)).not.toContain("R-Q1");
  });

  it("counts a decision once, and only for the version it saw", async () => {
    await apply([{ kind: "sendToRecheck", item: item("R-Q3") }]);
    expect(await decideRecheckItem(env.DB, "R-Q3", "stale", { outcome: "confirmed" }, LATER)).toBe(
      false,
    );
    expect(
      await decideRecheckItem(
        env.DB,
        "R-Q3",
        "h",
        { outcome: "returned", reason: "学历不符" },
        LATER,
      ),
    ).toBe(true);
    expect(await decideRecheckItem(env.DB, "R-Q3", "h", { outcome: "confirmed" }, LATER)).toBe(
      false,
    );
    expect(await recheckItem(env.DB, "R-Q3")).toMatchObject({
      state: "returned",
      reason: "学历不符",
      decidedAt: LATER,
    });
  });

  it("queues a returned or withdrawn version again when the school sends it again", async () => {
    await apply([{ kind: "sendToRecheck", item: item("R-Q3") }], LATER);
    expect(await recheckItem(env.DB, "R-Q3")).toMatchObject({ state: "queued", reason: null });
  });

  it("does not requeue a confirmed version", async () => {
    await apply([{ kind: "sendToRecheck", item: item("R-Q4") }]);
    await decideRecheckItem(env.DB, "R-Q4", "h", { outcome: "confirmed" }, NOW);
    await apply([{ kind: "sendToRecheck", item: item("R-Q4") }], LATER);
    expect(await recheckItem(env.DB, "R-Q4")).toMatchObject({ state: "confirmed", queuedAt: NOW });
  });

  it("withdraws an appended item but not a decided one", async () => {
    await apply([{ kind: "sendToRecheck", item: item("R-Q5") }]);
    await markRecheckAppended(env.DB, "R-Q5", "h", "training", 3);
    await apply([
      { kind: "withdrawRecheck", recordId: "R-Q5" },
      { kind: "withdrawRecheck", recordId: "R-Q4" },
    ]);
    expect((await recheckItem(env.DB, "R-Q5"))?.state).toBe("withdrawn");
    expect((await recheckItem(env.DB, "R-Q4"))?.state).toBe("confirmed");
    expect(await recheckItem(env.DB, "R-none")).toBeUndefined();
  });
});
