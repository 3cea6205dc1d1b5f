/**
 * syncSchool through whole cycles (sync → fake store → guard → fake Sheets): every write-back
 * rule, identity in the sheet, teacher numbers, removed rows, and the empty second pass.
 */
import { describe, expect, it } from "vitest";
import type { RecheckDecision } from "../../../src/core/review/decide";
import { ERRORS_PREFIX, PASSED } from "../../../src/core/review/wording";
import type { RegistryChange } from "../../../src/core/sync/model";
import { idNumbersIn, personsNeedingTeacherNumbers } from "../../../src/core/sync/sync-school";
import { ID } from "../validate/fixture";
import {
  batchGet,
  cell,
  column,
  cycle,
  events,
  type Grid,
  personKeyOf,
  SCHOOL,
  setCell,
  TODAY,
  teacher,
  templates,
  world,
} from "./harness";

const BASIC = "基本信息";
const EDU = "学习经历";

function recheckAll(changes: readonly RegistryChange[]): RecheckDecision[] {
  return changes.flatMap((c) =>
    c.kind === "sendToRecheck"
      ? [
          {
            recordId: c.item.recordId,
            hash: c.item.hash,
            outcome: "confirmed" as const,
            actor: "personnel",
            at: "2017-03-20T00:00:00.000Z",
            spreadsheetId: "county",
          },
        ]
      : [],
  );
}

function opsAt(
  plan: readonly { kind: string; tab: string; readRow: number }[],
  tab: string,
  row: number,
) {
  return plan.filter((op) => op.tab === tab && op.readRow === row).map((op) => op.kind);
}

describe("first sync and the empty second pass", () => {
  it("gives every row an id and a status, then writes nothing the second time", () => {
    const w = world();
    const first = cycle(w);
    expect(cell(w.grids, BASIC, 2, "记录编号")).toBe("R0001");
    expect(cell(w.grids, BASIC, 2, "审核状态")).toBe("待审核");
    expect(cell(w.grids, BASIC, 2, "校验结果")).toBe(PASSED);
    expect(cell(w.grids, BASIC, 2, "同步时间")).toBe("2017-03-01 10:00");
    expect(opsAt(first.result.plan, BASIC, 2)).toEqual([
      "issueRecordId",
      "setStatus",
      "setSyncTime",
    ]);
    expect(first.result.summary.basic).toEqual({ ready: 3 });
    expect(events(first.result.registryChanges).filter((k) => k === "entered")).toHaveLength(29);
    const second = cycle(w, { now: "2017-03-01T03:00:00.000Z" });
    expect(second.result.plan).toEqual([]);
    expect(second.result.registryChanges).toEqual([]);
    expect(second.body).toBeNull();
  });

  it("writes nothing, not even 同步时间, for an edit that changes no worker cell", () => {
    const w = world();
    cycle(w);
    setCell(w.grids, EDU, 2, "所学专业", "数学");
    const { result } = cycle(w, { now: "2017-03-02T02:00:00.000Z" });
    expect(result.plan.map((op) => `${op.tab}!${op.readRow}:${op.kind}`)).toEqual([]);
    // An edit that changes no status writes nothing: the row was and is 待审核.
    expect(cell(w.grids, EDU, 2, "同步时间")).toBe("2017-03-01 10:00");
  });
});

describe("write-back rules", () => {
  it("lists errors in 校验结果 (待完善) and annotates the offending cell; clears it when fixed", () => {
    const w = world();
    cycle(w);
    setCell(w.grids, EDU, 2, "获得学历", "博士后");
    const bad = cycle(w, { now: "2017-03-02T02:00:00.000Z" });
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("待完善");
    expect(String(cell(w.grids, EDU, 2, "校验结果"))).toMatch(/^有错误，不能审核：获得学历：/);
    expect(cell(w.grids, EDU, 2, "同步时间")).toBe("2017-03-02 10:00");
    const note = bad.result.plan.find((op) => op.kind === "annotateFindings");
    expect(note?.kind === "annotateFindings" && note.cells.filter((c) => c.note !== null)).toEqual([
      { key: "education", note: expect.stringMatching(/^获得学历：/), severity: "error" },
    ]);
    const request = bad.body?.requests.find((r) => r.updateCells.fields.includes("note"));
    expect(request?.updateCells.rows[0]?.values).toContainEqual({
      note: expect.stringMatching(/^获得学历：/),
      userEnteredFormat: { backgroundColor: { red: 0.988, green: 0.851, blue: 0.851 } },
    });
    setCell(w.grids, EDU, 2, "获得学历", "大学本科毕业");
    const fixed = cycle(w, { now: "2017-03-03T02:00:00.000Z" });
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("待审核");
    const cleared = fixed.result.plan.find((op) => op.kind === "annotateFindings");
    expect(
      cleared?.kind === "annotateFindings" && cleared.cells.every((c) => c.note === null),
    ).toBe(true);
    expect(cycle(w, { now: "2017-03-04T02:00:00.000Z" }).result.plan).toEqual([]);
  });

  it("clears the principal's tick on a row with errors, with the reason", () => {
    const w = world();
    cycle(w);
    setCell(w.grids, EDU, 2, "获得学历", "博士后");
    setCell(w.grids, EDU, 2, "校长审核", true);
    const { result } = cycle(w);
    expect(opsAt(result.plan, EDU, 2)).toContain("clearApproval");
    expect(cell(w.grids, EDU, 2, "校长审核")).toBe(false);
    expect(String(cell(w.grids, EDU, 2, "校验结果")).startsWith(ERRORS_PREFIX)).toBe(true);
    expect(cycle(w).result.plan).toEqual([]);
  });

  it("queues a ticked valid row for the recheck, and revokes the approval on an edit", () => {
    const w = world();
    cycle(w);
    setCell(w.grids, EDU, 2, "校长审核", "TRUE");
    const approved = cycle(w);
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("已审核待复核");
    expect(approved.result.registryChanges.filter((c) => c.kind === "sendToRecheck")).toHaveLength(
      1,
    );
    setCell(w.grids, EDU, 2, "所学专业", "数学");
    const edited = cycle(w);
    expect(cell(w.grids, EDU, 2, "校长审核")).toBe(false);
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("已修改需重新审核");
    expect(edited.result.registryChanges).toContainEqual({
      kind: "withdrawRecheck",
      recordId: "R0004",
    });
    expect(cycle(w).result.plan).toEqual([]);
  });

  it("writes the teacher number on the person's first valid 基本信息 row", () => {
    const w = world();
    const input = {
      registry: w.registry,
      tabs: batchGet(w.grids),
      templates,
      today: TODAY,
      personKeyOf,
    };
    expect(personsNeedingTeacherNumbers(input)).toEqual([
      personKeyOf(ID.zhang),
      personKeyOf(ID.li),
      personKeyOf(ID.wang),
    ]);
    w.registry.teachers.set(personKeyOf(ID.zhang), teacher(ID.zhang, "4306230000001", false));
    const { result } = cycle(w);
    expect(cell(w.grids, BASIC, 2, "教师编号")).toBe("4306230000001");
    expect(opsAt(result.plan, BASIC, 2)).toContain("setTeacherNumber");
    expect(personsNeedingTeacherNumbers({ ...input, tabs: batchGet(w.grids) })).toEqual([
      personKeyOf(ID.li),
      personKeyOf(ID.wang),
    ]);
    expect(cycle(w).result.plan).toEqual([]);
  });

  it("restores a row whose change was rejected to the effective values, as the dropdown shows them", () => {
    const w = world();
    const first = cycle(w);
    for (const [key, teacherNumber] of [
      [ID.zhang, "1"],
      [ID.li, "2"],
      [ID.wang, "3"],
    ] as const)
      w.registry.teachers.set(personKeyOf(key), teacher(key, teacherNumber, false));
    expect(first.result.plan.length).toBeGreaterThan(0);
    const grid = w.grids.get(EDU) as Grid;
    setCell(w.grids, EDU, 2, "校长审核", true);
    const queued = cycle(w);
    cycle(w, { recheckDecisions: recheckAll(queued.result.registryChanges) });
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("已生效");
    setCell(w.grids, EDU, 2, "学习方式", "函授");
    setCell(w.grids, EDU, 2, "入学年月", "2003/10");
    cycle(w);
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("已修改需重新审核");
    setCell(w.grids, EDU, 2, "校长审核", true);
    const proposed = cycle(w);
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("变更待审批");
    const open = proposed.result.registryChanges.find((c) => c.kind === "openChangeRequest");
    if (open?.kind !== "openChangeRequest") throw new Error("no change request");
    const rejected = cycle(w, {
      changeDecisions: [
        {
          request: open.request,
          outcome: "rejected",
          reason: "无学历证书",
          actor: "office",
          at: "2017-03-25T00:00:00.000Z",
          spreadsheetId: "county",
        },
      ],
    });
    const restore = rejected.result.plan.find((op) => op.kind === "restoreRow");
    expect(restore?.kind === "restoreRow" && restore.cells).toEqual([
      { key: "enrolDate", value: "2003-09" },
      { key: "studyMode", value: "全日制" },
    ]);
    expect(grid[1]?.[column(grid, "学习方式")]).toBe("全日制");
    expect(grid[1]?.[column(grid, "入学年月")]).toBe("2003-09");
    expect(cell(w.grids, EDU, 2, "审核状态")).toBe("已生效");
    expect(cell(w.grids, EDU, 2, "校验结果")).toBe("变更未获批准，已恢复原信息：无学历证书");
    expect(rejected.result.registryChanges).toContainEqual({
      kind: "closeChangeRequest",
      changeRequestId: "C0001",
      outcome: "rejected",
      reason: "无学历证书",
    });
    // The next read sees the restored values: no edit, no event, only the seen fingerprint.
    const after = cycle(w);
    expect(after.result.plan).toEqual([]);
    expect(after.result.registryChanges.map((c) => c.kind)).toEqual(["putRecord"]);
    expect(w.registry.records.get("R0004")).toMatchObject({
      state: "effective",
      reason: "无学历证书",
    });
    expect(cycle(w).result.registryChanges).toEqual([]);
  });
});

describe("identity in the sheet", () => {
  it("re-issues the id of a copy-pasted row and keeps it on the original", () => {
    const w = world();
    cycle(w);
    const grid = w.grids.get(EDU) as Grid;
    grid.push([...(grid[1] ?? [])]);
    const { result } = cycle(w);
    expect(cell(w.grids, EDU, 2, "记录编号")).toBe("R0004");
    expect(cell(w.grids, EDU, 4, "记录编号")).toBe("R0030");
    expect(result.plan.find((op) => op.kind === "issueRecordId")).toMatchObject({
      readRow: 4,
      previousId: "R0004",
    });
  });

  it("puts back the row's own id over a forged one and one from another tab", () => {
    const w = world();
    cycle(w);
    const own = [cell(w.grids, EDU, 2, "记录编号"), cell(w.grids, EDU, 3, "记录编号")];
    setCell(w.grids, EDU, 2, "记录编号", "RFORGED");
    setCell(w.grids, EDU, 3, "记录编号", "R0001");
    const { result } = cycle(w);
    expect([cell(w.grids, EDU, 2, "记录编号"), cell(w.grids, EDU, 3, "记录编号")]).toEqual(own);
    expect(cell(w.grids, BASIC, 2, "记录编号")).toBe("R0001");
    expect(result.registryChanges.filter((c) => c.kind === "event")).toEqual([]);
  });

  it("never hands a record to another person when the data columns are sorted alone", () => {
    const w = world();
    cycle(w);
    const grid = w.grids.get(BASIC) as Grid;
    const header = grid[0] ?? [];
    const idColumn = header.indexOf("记录编号");
    const before = new Map(
      grid.slice(1).map((row) => [String(row[header.indexOf("身份证件号")]), row[idColumn]]),
    );
    // Reverse the data rows but leave the 记录编号 column where it was.
    const data = grid.slice(1).map((row) => row.filter((_, col) => col !== idColumn));
    const ids = grid.slice(1).map((row) => row[idColumn]);
    data.reverse().forEach((cells, index) => {
      const row = [...cells];
      row.splice(idColumn, 0, ids[index] ?? "");
      grid[index + 1] = row;
    });
    const { result } = cycle(w);
    const after = new Map(
      grid.slice(1).map((row) => [String(row[header.indexOf("身份证件号")]), row[idColumn]]),
    );
    expect(after).toEqual(before);
    const kinds = result.registryChanges.flatMap((c) => (c.kind === "event" ? [c.event.kind] : []));
    expect(kinds).not.toContain("row_removed");
    expect(kinds).not.toContain("entered");
    expect(kinds).not.toContain("change_requested");
  });
});

describe("rows and tabs that go away", () => {
  it("records a deleted row once; an effective one stays and is a deletion candidate", () => {
    const w = world();
    cycle(w);
    w.registry.teachers.set(personKeyOf(ID.zhang), teacher(ID.zhang, "1", true));
    setCell(w.grids, EDU, 2, "校长审核", true);
    cycle(w);
    expect(w.registry.records.get("R0004")?.state).toBe("effective");
    const grid = w.grids.get(EDU) as Grid;
    grid.splice(1, 2);
    const { result } = cycle(w);
    expect(events(result.registryChanges, "R0004")).toEqual(["row_removed"]);
    expect(events(result.registryChanges, "R0005")).toEqual(["row_removed"]);
    expect(result.deletionCandidates).toEqual(["R0004"]);
    expect(w.registry.records.get("R0004")?.state).toBe("effective");
    expect(cycle(w).result.registryChanges).toEqual([]);
  });

  it("treats a row emptied down to its 记录编号 as removed, and says so", () => {
    const w = world();
    cycle(w);
    const grid = w.grids.get(EDU) as Grid;
    grid[2] = (grid[2] ?? []).map((value, index) =>
      index === column(grid, "记录编号") ? value : "",
    );
    const { result } = cycle(w);
    expect(events(result.registryChanges, "R0005")).toEqual(["row_removed"]);
    expect(result.notices).toContainEqual({
      tab: EDU,
      row: 3,
      message: expect.stringContaining("R0005"),
    });
  });

  it("skips a tab without its trailing headers: a notice, no writes, no removals", () => {
    const w = world();
    cycle(w);
    const grid = w.grids.get(EDU) as Grid;
    (grid[0] as unknown[])[column(grid, "审核状态")] = "状态";
    setCell(w.grids, EDU, 2, "所学专业", "数学");
    const { result } = cycle(w);
    expect(result.notices).toEqual([
      { tab: EDU, row: null, message: expect.stringContaining("「审核状态」") },
    ]);
    expect(result.plan.filter((op) => op.tab === EDU)).toEqual([]);
    expect(result.registryChanges).toEqual([]);
  });
});

it("idNumbersIn returns each ID number once, as the engine normalises it", () => {
  const w = world();
  setCell(w.grids, EDU, 2, "身份证件号", ` ${ID.zhang.slice(0, 6)} ${ID.zhang.slice(6)} `);
  const ids = idNumbersIn(
    batchGet(w.grids),
    templates,
    {
      schoolCode: SCHOOL.code,
      schoolName: SCHOOL.name,
      category: "primary_secondary",
    },
    TODAY,
  );
  expect(ids.sort()).toEqual([ID.zhang, ID.li, ID.wang].sort());
});
