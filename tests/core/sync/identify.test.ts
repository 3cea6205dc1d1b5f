/** Row identity: kept, new, copied and forged 记录编号. */
import { describe, expect, it } from "vitest";
import { identify, type RowToIdentify } from "../../../src/core/sync/identify";
import type { RegistryRecord } from "../../../src/core/sync/model";
import { recordIdFromSeed } from "../../../src/core/sync/record-id";
import { counter } from "./harness";

const SCHOOL = "4306230002";

function known(recordId: string, fields: Partial<RegistryRecord> = {}): RegistryRecord {
  return {
    recordId,
    schoolCode: SCHOOL,
    section: "education",
    personKey: "pk",
    state: "ready",
    seenHash: "h",
    approvedHash: null,
    effective: null,
    changeRequestId: null,
    reason: null,
    ...fields,
  };
}

const rowOf = (
  row: number,
  recordId: string,
  hash = `h${row}`,
  personKey: string | null = "pk",
): RowToIdentify => ({
  tab: "学习经历",
  section: "education",
  row,
  recordId,
  hash,
  personKey,
});

function run(rows: RowToIdentify[], records: RegistryRecord[]) {
  return identify(rows, {
    schoolCode: SCHOOL,
    records: new Map(records.map((r) => [r.recordId, r])),
    newRecordId: counter("N"),
  }).map((i) => `${i.row}:${i.recordId}${i.issued ? `<-${i.previousId || "∅"}` : ""}`);
}

describe("identify", () => {
  it("keeps a known id and issues new ids to rows without one, in sheet order", () => {
    expect(run([rowOf(2, "R1"), rowOf(3, ""), rowOf(4, "")], [known("R1")])).toEqual([
      "2:R1",
      "3:N0001<-∅",
      "4:N0002<-∅",
    ]);
  });

  it("keeps a copied id on the row the registry last saw, else on the first", () => {
    const seenSecond = [known("R1", { seenHash: "h3" })];
    expect(run([rowOf(2, "R1"), rowOf(3, "R1")], seenSecond)).toEqual(["2:N0001<-R1", "3:R1"]);
    expect(run([rowOf(2, "R1"), rowOf(3, "R1")], [known("R1")])).toEqual(["2:R1", "3:N0001<-R1"]);
  });

  it("re-issues ids unknown to the registry, of another school or of another section", () => {
    const records = [known("R2", { schoolCode: "4306230099" }), known("R3", { section: "work" })];
    expect(run([rowOf(2, "FORGED"), rowOf(3, "R2"), rowOf(4, "R3")], records)).toEqual([
      "2:N0001<-FORGED",
      "3:N0002<-R2",
      "4:N0003<-R3",
    ]);
  });
});

describe("identify with ids derived from their seed", () => {
  const derive = (rows: RowToIdentify[], records: RegistryRecord[]) =>
    identify(rows, {
      schoolCode: SCHOOL,
      records: new Map(records.map((r) => [r.recordId, r])),
      newRecordId: recordIdFromSeed,
    }).map((i) => i.recordId);

  it("issues the same id when a sync is redone after its write-back was lost", () => {
    const [first] = derive([rowOf(2, "", "hx")], []);
    expect(first).toMatch(/^R[0-9A-Z]{11}$/);
    // The registry kept the record the lost write-back issued; the sheet still shows no id.
    const again = derive([rowOf(2, "", "hx")], [known(first ?? "", { seenHash: "hx" })]);
    expect(again).toEqual([first]);
  });

  it("gives identical rows distinct ids, and never an id the registry holds for other values", () => {
    const ids = derive([rowOf(2, "", "same"), rowOf(3, "", "same")], []);
    expect(new Set(ids).size).toBe(2);
    const [taken] = derive([rowOf(2, "", "hy")], []);
    // Another person's record: its id is theirs, whatever the seed derives.
    const theirs = known(taken ?? "", { seenHash: "different", personKey: "someone else" });
    const other = derive([rowOf(2, "", "hy")], [theirs]);
    expect(other[0]).not.toBe(taken);
    expect(other[0]).toMatch(/^R[0-9A-Z]{11}$/);
  });

  describe("a sort over the data columns only (记录编号 left in place)", () => {
    const a = known("RA", { personKey: "A", seenHash: "ha" });
    const b = known("RB", { personKey: "B", seenHash: "hb" });
    const c = known("RC", { personKey: "C", seenHash: "hc" });

    it("gives each row its own person's record back, never another person's", () => {
      // Before: row 2 = A (RA), 3 = B (RB), 4 = C (RC). After the sort: C, A, B with ids unmoved.
      const sorted = [
        rowOf(2, "RA", "hc", "C"),
        rowOf(3, "RB", "ha", "A"),
        rowOf(4, "RC", "hb", "B"),
      ];
      expect(run(sorted, [a, b, c])).toEqual(["2:RC<-RA", "3:RA<-RB", "4:RB<-RC"]);
    });

    it("issues a new id where the person has no free record of that section", () => {
      const rows = [rowOf(2, "RA", "hx", "X"), rowOf(3, "", "ha", "A")];
      expect(run(rows, [a])).toEqual(["2:N0001<-RA", "3:RA<-∅"]);
    });

    it("prefers the record with the row's very values, then any free one of the person", () => {
      const a2 = known("RA2", { personKey: "A", seenHash: "ha2" });
      const rows = [rowOf(2, "RB", "changed", "A"), rowOf(3, "RX", "ha2", "A")];
      expect(run(rows, [a, a2, b])).toEqual(["2:RA<-RB", "3:RA2<-RX"]);
    });

    it("keeps an id while the row's ID number is unreadable (no evidence of another person)", () => {
      expect(run([rowOf(2, "RA", "ha", null)], [a])).toEqual(["2:RA"]);
    });

    it("does not revive a record whose row was removed", () => {
      const gone = known("RG", {
        personKey: "A",
        seenHash: "ha",
        removedAt: "2017-03-01T00:00:00Z",
      });
      expect(run([rowOf(2, "", "ha", "A")], [gone])).toEqual(["2:N0001<-∅"]);
    });
  });
});
