import { describe, expect, it } from "vitest";
import {
  type AccountTabEntry,
  planAccountsTab,
  statusText,
} from "../../../src/core/accounts/index";

const HEADERS = ["教师编号", "姓名", "初始密码", "发放时间", "状态"];
const ISSUED = "2017-03-01T02:00:00.000Z";

const show = (n: number, name: string, password: string): AccountTabEntry => ({
  teacherNumber: `430623${String(n).padStart(6, "0")}`,
  name,
  issuedAt: ISSUED,
  password,
  clearedAt: null,
});
const clear = (n: number, name: string, clearedAt: string): AccountTabEntry => ({
  teacherNumber: `430623${String(n).padStart(6, "0")}`,
  name,
  issuedAt: ISSUED,
  password: null,
  clearedAt,
});

describe("planAccountsTab", () => {
  it("appends new teachers below the header as one block, in the order given", () => {
    const plan = planAccountsTab(
      [HEADERS],
      [show(1, "张伟", "Abc2345xyz"), show(2, "李娜", "Pqr6789stu")],
    );
    expect(plan.writes).toEqual([
      {
        range: "'账号'!A2:E3",
        values: [
          [
            "430623000001",
            "张伟",
            "Abc2345xyz",
            "2017-03-01 10:00",
            "有效：首次登录后清除，最迟 2017-03-31 10:00",
          ],
          [
            "430623000002",
            "李娜",
            "Pqr6789stu",
            "2017-03-01 10:00",
            "有效：首次登录后清除，最迟 2017-03-31 10:00",
          ],
        ],
      },
    ]);
    expect(plan.shown).toEqual([
      { teacherNumber: "430623000001", shown: "password" },
      { teacherNumber: "430623000002", shown: "password" },
    ]);
  });

  it("appends below the last row holding anything, never over another row", () => {
    const rows = [
      HEADERS,
      ["430623000001", "张伟", "Abc2345xyz", "2017-03-01 10:00", "有效"],
      [],
      ["", "", "", "", "有人手写的备注"],
    ];
    const plan = planAccountsTab(rows, [show(3, "王芳", "Wxy2345abc")]);
    expect(plan.writes.map((w) => w.range)).toEqual(["'账号'!A5:E5"]);
  });

  it("blanks a listed teacher's password in their own row only, and lists nobody twice", () => {
    const rows = [
      HEADERS,
      [430623000001, "张伟", "Abc2345xyz", "2017-03-01 10:00", "有效"],
      ["430623000002", "李娜", "Pqr6789stu", "2017-03-01 10:00", "有效"],
    ];
    const plan = planAccountsTab(rows, [
      clear(1, "张伟", "2017-03-05T01:00:00.000Z"),
      show(2, "李娜", "Pqr6789stu"),
    ]);
    expect(plan.writes).toEqual([
      { range: "'账号'!B2", values: [["张伟"]] },
      { range: "'账号'!C2", values: [[""]] },
      { range: "'账号'!D2", values: [["2017-03-01 10:00"]] },
      { range: "'账号'!E2", values: [["已首次登录，密码已清除（2017-03-05 09:00）"]] },
      { range: "'账号'!B3", values: [["李娜"]] },
      { range: "'账号'!C3", values: [["Pqr6789stu"]] },
      { range: "'账号'!D3", values: [["2017-03-01 10:00"]] },
      { range: "'账号'!E3", values: [["有效：首次登录后清除，最迟 2017-03-31 10:00"]] },
    ]);
    for (const write of plan.writes) expect(write.range).not.toMatch(/!A/);
    expect(plan.shown).toEqual([
      { teacherNumber: "430623000001", shown: "cleared" },
      { teacherNumber: "430623000002", shown: "password" },
    ]);
  });

  it("appends a row for a password cleared before it was ever shown, with the cell blank", () => {
    const plan = planAccountsTab([HEADERS], [clear(4, "赵敏", "2017-04-01T00:00:00.000Z")]);
    expect(plan.writes[0]?.values).toEqual([
      ["430623000004", "赵敏", "", "2017-03-01 10:00", "已满30天，密码已清除（2017-04-01 08:00）"],
    ]);
    expect(plan.shown).toEqual([{ teacherNumber: "430623000004", shown: "cleared" }]);
  });

  it("follows the headers where they are, and writes them into an empty header row", () => {
    const moved = [
      ["姓名", "教师编号", "状态", "初始密码", "发放时间"],
      ["张伟", "430623000001"],
    ];
    const plan = planAccountsTab(moved, [clear(1, "张伟", "2017-03-02T00:00:00.000Z")]);
    expect(plan.writes.map((w) => w.range)).toEqual([
      "'账号'!A2",
      "'账号'!D2",
      "'账号'!E2",
      "'账号'!C2",
    ]);
    const empty = planAccountsTab([], [show(1, "张伟", "Abc2345xyz")]);
    expect(empty.writes.map((w) => w.range)).toEqual(["'账号'!A1:E1", "'账号'!A2:E2"]);
    expect(empty.writes[0]?.values).toEqual([HEADERS]);
  });

  it("refuses a tab whose headers were changed", () => {
    const plan = planAccountsTab([["编号", "姓名"]], [show(1, "张伟", "Abc2345xyz")]);
    expect(plan).toEqual({
      writes: [],
      shown: [],
      problem: "账号标签页的表头被改动，找不到「教师编号」「初始密码」「发放时间」「状态」列",
    });
  });

  it("keeps a name that looks like a formula as text (the writes are RAW strings)", () => {
    const plan = planAccountsTab([HEADERS], [show(5, '=HYPERLINK("x")', "Abc2345xyz")]);
    expect(plan.writes[0]?.values[0]?.[1]).toBe('=HYPERLINK("x")');
    for (const write of plan.writes)
      for (const row of write.values) for (const cell of row) expect(typeof cell).toBe("string");
  });
});

describe("statusText", () => {
  it("says why and when a password was cleared", () => {
    expect(statusText(clear(1, "张伟", "2017-03-30T15:59:00.000Z"))).toBe(
      "已首次登录，密码已清除（2017-03-30 23:59）",
    );
    expect(statusText(clear(1, "张伟", "2017-03-31T02:00:00.000Z"))).toBe(
      "已满30天，密码已清除（2017-03-31 10:00）",
    );
  });
});
