/**
 * The row-move guard: deterministic cases (sort, insert above, delete, a row without id that
 * changed, a moved column, copies) and a randomized test of many trials, each a random sheet, a
 * plan for it, then random sorts, inserts, deletes, pastes and edits before the write.
 */
import { describe, expect, it } from "vitest";
import { guard, guardRanges } from "../../../src/core/sync/guard";
import { contentOf, layoutOf, type SheetLayout, whoOf } from "../../../src/core/sync/layout";
import type { PlanOp } from "../../../src/core/sync/plan";
import { templateFor } from "../../../src/core/templates";
import type { Cell } from "../../../src/core/validate";
import { type Grid, readRange, templates } from "./harness";

const TAB = "学习经历";
const section = templateFor(templates, "primary_secondary").find((s) => s.title === TAB);
if (section === undefined) throw new Error("no 学习经历");
const HEADERS = [...section.columns, ...section.trailingColumns].map((c) => c.header);
const at = (header: string) => HEADERS.indexOf(header);
const NAME = at("姓名");
const MAJOR = at("所学专业");
const ID = at("记录编号");
const layout: SheetLayout = layoutOf(section, HEADERS);
const layouts = new Map([[TAB, layout]]);

/** A sheet row with a hidden identity, so a test knows which row is which after moves. */
interface Row {
  readonly uid: number;
  readonly cells: Cell[];
}

function makeRow(uid: number, id: string): Row {
  const cells: Cell[] = HEADERS.map(() => "");
  cells[NAME] = `教师${uid}`;
  cells[MAJOR] = `专业${uid}`;
  cells[ID] = id;
  return { uid, cells };
}

function gridOf(rows: readonly Row[]): Map<string, Grid> {
  return new Map([[TAB, [HEADERS.slice(), ...rows.map((r) => r.cells)]]]);
}

function run(plan: readonly PlanOp[], rows: readonly Row[]) {
  const grids = gridOf(rows);
  const reread = guardRanges(plan, layouts).map((range) => readRange(grids, range));
  return guard(plan, layouts, reread);
}

const status = (recordId: string, readRow: number, row: Row): PlanOp => ({
  tab: TAB,
  recordId,
  readRow,
  who: whoOf(layout, row.cells),
  kind: "setStatus",
  status: "待审核",
  result: "校验通过",
});

function issue(recordId: string, readRow: number, row: Row, previousId = ""): PlanOp {
  return {
    tab: TAB,
    recordId,
    readRow,
    who: whoOf(layout, row.cells),
    kind: "issueRecordId",
    previousId,
    content: contentOf(layout, row.cells),
  };
}

const placed = (ops: readonly PlanOp[]) => ops.map((op) => `${op.recordId}@${op.readRow}`);

describe("guard, deterministic", () => {
  const a = makeRow(1, "RA");
  const b = makeRow(2, "RB");
  const c = makeRow(3, "");
  const plan = [status("RA", 2, a), status("RB", 3, b), issue("RC", 4, c), status("RC", 4, c)];

  it("reads the header row, the 记录编号, 姓名 and 身份证件号 columns, the rows without id", () => {
    expect(guardRanges(plan, layouts)).toEqual([
      `'${TAB}'!1:1`,
      `'${TAB}'!S:S`,
      `'${TAB}'!A:A`,
      `'${TAB}'!B:B`,
      `'${TAB}'!A4:T4`,
    ]);
  });

  it("applies everything where it was when nothing moved", () => {
    const result = run(plan, [a, b, c]);
    expect(placed(result.applied)).toEqual(["RA@2", "RB@3", "RC@4", "RC@4"]);
    expect(result.dropped).toEqual([]);
  });

  it("follows a sort", () => {
    const result = run(plan, [b, a, c]);
    expect(placed(result.applied)).toEqual(["RA@3", "RB@2", "RC@4", "RC@4"]);
  });

  it("follows rows inserted above; a row without id that moved waits for the next cycle", () => {
    const result = run(plan, [makeRow(9, ""), a, b, c]);
    expect(placed(result.applied)).toEqual(["RA@3", "RB@4"]);
    expect(placed(result.dropped)).toEqual(["RC@4", "RC@4"]);
  });

  it("drops the ops of a deleted row and moves the others up", () => {
    const result = run(plan, [b, c]);
    expect(placed(result.dropped)).toEqual(["RA@2", "RC@4", "RC@4"]);
    expect(placed(result.applied)).toEqual(["RB@2"]);
  });

  it("drops the ops of a row without id whose content changed", () => {
    const edited = { uid: 3, cells: c.cells.map((v, i) => (i === MAJOR ? "改了" : v)) };
    const result = run(plan, [a, b, edited]);
    expect(placed(result.dropped)).toEqual(["RC@4", "RC@4"]);
  });

  it("drops everything on a tab whose header row changed (a column inserted)", () => {
    const shifted = [a, b, c].map((r) => ({ uid: r.uid, cells: ["", ...r.cells] }));
    const grids = new Map([[TAB, [["备注", ...HEADERS], ...shifted.map((r) => r.cells)]]]);
    const reread = guardRanges(plan, layouts).map((range) => readRange(grids, range));
    expect(guard(plan, layouts, reread).applied).toEqual([]);
  });

  it("keeps a copied id with the original once the copy is pinned, and drops both when not", () => {
    const copy = { uid: 4, cells: makeRow(4, "RA").cells };
    const copyPlan = [status("RA", 2, a), issue("RD", 3, copy, "RA"), status("RD", 3, copy)];
    expect(placed(run(copyPlan, [a, copy]).applied)).toEqual(["RA@2", "RD@3", "RD@3"]);
    const swapped = run(copyPlan, [copy, a]);
    expect(swapped.applied).toEqual([]);
  });

  it("drops a record whose id now shows twice (pasted again after the read)", () => {
    expect(run([status("RA", 2, a)], [a, b, { uid: 5, cells: [...a.cells] }]).applied).toEqual([]);
  });

  it("drops a record whose id now shows on another person's row (pasted, original deleted)", () => {
    const pasted = { uid: 6, cells: a.cells.map((v, i) => (i === NAME ? "李娜" : v)) };
    expect(run([status("RA", 2, a)], [b, pasted]).applied).toEqual([]);
  });
});

describe("guard, rows the worker adds, clears and places by content", () => {
  const a = makeRow(1, "RA");
  const b = makeRow(2, "RB");
  const arriving = makeRow(7, "RX");
  const append = (readRow: number): PlanOp => ({
    tab: TAB,
    recordId: "RX",
    readRow,
    who: whoOf(layout, arriving.cells),
    kind: "appendRow",
    cells: arriving.cells.map((value, column) => ({ column, value: value ?? "" })),
  });
  const clear = (recordId: string, readRow: number, row: Row): PlanOp => ({
    tab: TAB,
    recordId,
    readRow,
    who: whoOf(layout, row.cells),
    kind: "clearRow",
  });

  it("appends on the row below the data when it is still blank", () => {
    expect(placed(run([append(4)], [a, b]).applied)).toEqual(["RX@4"]);
  });

  it("does not write over a row a user filled after the read, nor append twice", () => {
    expect(run([append(4)], [a, b, makeRow(8, "")]).applied).toEqual([]);
    // An earlier write that did land shows the id already: nothing is appended again.
    expect(run([append(5)], [a, b, arriving]).applied).toEqual([]);
  });

  it("clears only the row showing the record and its person", () => {
    expect(placed(run([clear("RA", 2, a)], [b, a]).applied)).toEqual(["RA@3"]);
    const pasted = { uid: 6, cells: a.cells.map((v, i) => (i === NAME ? "李娜" : v)) };
    expect(run([clear("RA", 2, a)], [b, pasted]).applied).toEqual([]);
  });

  it("places a row without id by its content (pinRow), and never by an id another row shows", () => {
    const loose = makeRow(3, "RA");
    const key = "\u0000row 4";
    const pin: PlanOp = {
      tab: TAB,
      recordId: key,
      readRow: 4,
      who: whoOf(layout, loose.cells),
      kind: "pinRow",
      previousId: "RA",
      content: contentOf(layout, loose.cells),
    };
    const note: PlanOp = { ...status(key, 4, loose) };
    const result = run([status("RA", 2, a), pin, note], [a, b, loose]);
    expect(placed(result.applied)).toEqual(["RA@2", `${key}@4`, `${key}@4`]);
    const edited = { uid: 3, cells: loose.cells.map((v, i) => (i === MAJOR ? "改了" : v)) };
    expect(placed(run([pin, note], [a, b, edited]).applied)).toEqual([]);
  });
});

/** mulberry32: small, seeded, good enough to shuffle sheets. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Trial {
  readonly plan: PlanOp[];
  /** Record id → the uid of the row it was planned for. */
  readonly intended: Map<string, number>;
  readonly before: readonly Row[];
  readonly after: Row[];
  /** Uids whose data cells were edited between the read and the write. */
  readonly edited: Set<number>;
}

function trial(random: () => number): Trial {
  const pick = (n: number) => Math.floor(random() * n);
  let nextUid = 1;
  const before: Row[] = [];
  for (let i = 0, n = 1 + pick(25); i < n; i++) {
    const uid = nextUid++;
    const roll = random();
    const copyOf = before.length > 0 && roll < 0.15 ? before[pick(before.length)] : undefined;
    const id = copyOf !== undefined ? String(copyOf.cells[ID]) : roll < 0.4 ? "" : `K${uid}`;
    before.push(makeRow(uid, id));
  }
  const plan: PlanOp[] = [];
  const intended = new Map<string, number>();
  const seen = new Set<string>();
  before.forEach((row, index) => {
    const readRow = index + 2;
    const id = String(row.cells[ID]);
    if (id !== "" && !seen.has(id)) {
      seen.add(id);
      intended.set(id, row.uid);
      if (random() < 0.9) plan.push(status(id, readRow, row));
      return;
    }
    const fresh = `N${row.uid}`;
    intended.set(fresh, row.uid);
    plan.push(issue(fresh, readRow, row, id), status(fresh, readRow, row));
  });
  const after = before.map((row) => ({ uid: row.uid, cells: [...row.cells] }));
  const edited = new Set<number>();
  for (let m = 0, moves = pick(5); m < moves; m++) {
    const kind = pick(5);
    if (kind === 0) after.sort(() => random() - 0.5);
    if (kind === 1) {
      const uid = nextUid++;
      after.splice(pick(after.length + 1), 0, makeRow(uid, random() < 0.5 ? "" : `K${uid}`));
    }
    if (kind === 2 && after.length > 0) after.splice(pick(after.length), 1);
    if (kind === 3 && after.length > 0) {
      const victim = after[pick(after.length)] as Row;
      victim.cells[MAJOR] = `改${m}`;
      edited.add(victim.uid);
    }
    if (kind === 4 && after.length > 0) {
      // Paste a copy of a row with its id: a new row the plan knows nothing of.
      const source = after[pick(after.length)] as Row;
      const uid = nextUid++;
      const cells = [...source.cells];
      cells[NAME] = `教师${uid}`;
      after.splice(pick(after.length + 1), 0, { uid, cells });
    }
  }
  return { plan, intended, before, after, edited };
}

/** What a correct guard applies, worked out from the hidden identities. */
function expectedApplied(t: Trial): Set<string> {
  const rowOfUid = new Map(t.after.map((row, index) => [row.uid, index + 2]));
  const out = new Set<string>();
  const pinned = new Set<number>();
  const failed = new Set<string>();
  for (const op of t.plan) {
    if (op.kind !== "issueRecordId") continue;
    const uid = t.intended.get(op.recordId) as number;
    const now = t.after[op.readRow - 2];
    const ok = now?.uid === uid && !t.edited.has(uid) && String(now.cells[ID]) === op.previousId;
    if (ok) {
      out.add(`${op.recordId}@${op.readRow}`);
      pinned.add(op.readRow);
    } else failed.add(op.previousId);
  }
  const planned = new Set(t.plan.map((op) => op.recordId));
  for (const [recordId, uid] of t.intended) {
    if (recordId.startsWith("N") || !planned.has(recordId)) continue;
    const showing = t.after
      .map((row, index) => ({ row, at: index + 2 }))
      .filter(({ row, at }) => String(row.cells[ID]) === recordId && !pinned.has(at));
    const row = rowOfUid.get(uid);
    if (
      row !== undefined &&
      showing.length === 1 &&
      showing[0]?.at === row &&
      !failed.has(recordId)
    )
      out.add(`${recordId}@${row}`);
  }
  return out;
}

describe("guard, randomized", () => {
  it("never lands an op on another record's row, and applies every op it safely can", () => {
    const random = prng(20170301);
    const TRIALS = 2000;
    let applied = 0;
    let dropped = 0;
    for (let n = 0; n < TRIALS; n++) {
      const t = trial(random);
      const result = run(t.plan, t.after);
      for (const op of result.applied) {
        const landed = t.after[op.readRow - 2];
        expect(landed?.uid, `trial ${n}: ${op.kind} ${op.recordId}@${op.readRow}`).toBe(
          t.intended.get(op.recordId),
        );
        if (op.kind !== "issueRecordId") {
          const shows = String(landed?.cells[ID]);
          expect(op.recordId.startsWith("N") || shows === op.recordId).toBe(true);
        }
      }
      const expected = expectedApplied(t);
      const got = new Set(result.applied.map((op) => `${op.recordId}@${op.readRow}`));
      expect([...got].sort(), `trial ${n}`).toEqual([...expected].sort());
      expect(result.applied.length + result.dropped.length).toBe(t.plan.length);
      applied += result.applied.length;
      dropped += result.dropped.length;
    }
    // Both outcomes are exercised, not just one.
    expect(applied).toBeGreaterThan(1000);
    expect(dropped).toBeGreaterThan(1000);
  });
});

describe("guard, and provisioning moving the pinned columns (issue 22)", () => {
  const a = makeRow(1, "RA");
  const b = makeRow(2, "");
  const plan = [status("RA", 2, a), issue("RB", 3, b), status("RB", 3, b)];
  // The display order a re-run gives: 姓名, 身份证件号, 审核状态, 校验结果 first.
  const PINNED = ["姓名", "身份证件号", "审核状态", "校验结果"];
  const order = [...PINNED, ...HEADERS.filter((h) => !PINNED.includes(h))].map(at);
  const displayed = (cells: readonly Cell[]) => order.map((i) => cells[i] ?? "");

  it("drops everything when the re-run moved columns between the read and the write", () => {
    const grids = new Map([[TAB, [displayed(HEADERS), ...[a, b].map((r) => displayed(r.cells))]]]);
    const reread = guardRanges(plan, layouts).map((range) => readRange(grids, range));
    const result = guard(plan, layouts, reread);
    expect(result.applied).toEqual([]);
    expect(placed(result.dropped)).toEqual(["RA@2", "RB@3", "RB@3"]);
  });

  it("places every op on a sheet read in the display order, where nothing moved since", () => {
    const moved = layoutOf(section, displayed(HEADERS));
    const movedLayouts = new Map([[TAB, moved]]);
    const rows = [a, b].map((r) => ({ uid: r.uid, cells: displayed(r.cells) }));
    const ops: PlanOp[] = [
      { ...status("RA", 2, rows[0] as Row), who: whoOf(moved, rows[0]?.cells) },
      {
        tab: TAB,
        recordId: "RB",
        readRow: 3,
        who: whoOf(moved, rows[1]?.cells),
        kind: "issueRecordId",
        previousId: "",
        content: contentOf(moved, rows[1]?.cells),
      },
    ];
    const grids = new Map([[TAB, [displayed(HEADERS), ...rows.map((r) => r.cells)]]]);
    const reread = guardRanges(ops, movedLayouts).map((range) => readRange(grids, range));
    expect(placed(guard(ops, movedLayouts, reread).applied)).toEqual(["RA@2", "RB@3"]);
    expect(moved.trailing?.reviewStatus).toBe(2);
    expect(moved.trailing?.checkResult).toBe(3);
  });
});
