import { describe, expect, it } from "vitest";
import {
  type AccountTabEntry,
  planAccountRows,
  statusText,
} from "../../../src/core/accounts/index";

const ISSUED = "2017-03-01T02:00:00.000Z";

const show = (n: number, name: string, password: string, sheetRow = n + 1): AccountTabEntry => ({
  teacherNumber: `430623${String(n).padStart(6, "0")}`,
  name,
  issuedAt: ISSUED,
  sheetRow,
  password,
  clearedAt: null,
});
const clear = (n: number, name: string, clearedAt: string, sheetRow = n + 1): AccountTabEntry => ({
  teacherNumber: `430623${String(n).padStart(6, "0")}`,
  name,
  issuedAt: ISSUED,
  sheetRow,
  password: null,
  clearedAt,
});

describe("planAccountRows", () => {
  it("writes each teacher's own row, all five cells, at the row the registry gave", () => {
    const plan = planAccountRows([show(1, "张伟", "Abc2345xyz"), show(2, "李娜", "Pqr6789stu", 7)]);
    expect(plan.writes).toEqual([
      {
        range: "'账号'!A2:E2",
        values: [
          [
            "430623000001",
            "张伟",
            "Abc2345xyz",
            "2017-03-01 10:00",
            "有效：首次登录后清除，最迟 2017-03-31 10:00",
          ],
        ],
      },
      {
        range: "'账号'!A7:E7",
        values: [
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

  it("blanks a cleared password and says why, in the same row", () => {
    const plan = planAccountRows([clear(4, "赵敏", "2017-03-05T00:00:00.000Z")]);
    expect(plan.writes).toEqual([
      {
        range: "'账号'!A5:E5",
        values: [
          [
            "430623000004",
            "赵敏",
            "",
            "2017-03-01 10:00",
            "已首次登录，密码已清除（2017-03-05 08:00）",
          ],
        ],
      },
    ]);
    expect(plan.shown).toEqual([{ teacherNumber: "430623000004", shown: "cleared" }]);
  });

  it("never writes the header row, nor a row number the registry cannot have given", () => {
    expect(() => planAccountRows([show(1, "张伟", "Abc2345xyz", 1)])).toThrow(/第1行是表头/);
    expect(() => planAccountRows([show(1, "张伟", "Abc2345xyz", 2.5)])).toThrow(/行号无效/);
  });

  it("nothing owed, nothing written", () => {
    expect(planAccountRows([])).toEqual({ writes: [], shown: [], left: [] });
  });

  it("a row left by a transferred teacher: blank but for where the account went, box unticked", () => {
    const left = {
      sheetRow: 3,
      toSchoolName: "华容县调入小学",
      leftAt: "2017-04-01T02:00:00.000Z",
    };
    const plan = planAccountRows([show(1, "张伟", "Abc2345xyz")], [3], [left]);
    expect(plan.writes).toEqual([
      {
        range: "'账号'!A3:F3",
        values: [
          [
            "",
            "",
            "",
            "",
            "该教师已调往「华容县调入小学」（2017-04-01 10:00），账号随之转出：由调入学校的系统管理员重置密码，本校不能再重置",
            false,
          ],
        ],
      },
      expect.objectContaining({ range: "'账号'!A2:E2" }),
    ]);
    expect(plan.left).toEqual([3]);
    expect(plan.shown).toEqual([{ teacherNumber: "430623000001", shown: "password" }]);
  });

  it("a teacher moved in before signing in: no password shown, the row still follows the sign-in", () => {
    const moved: AccountTabEntry = { ...show(2, "李娜", ""), password: null };
    const plan = planAccountRows([moved]);
    expect(plan.writes[0]?.values[0]?.slice(2)).toEqual([
      "",
      "2017-03-01 10:00",
      "初始密码已由调出学校发放，教师仍可使用；如已遗忘，请勾选重置密码",
    ]);
    expect(plan.shown).toEqual([{ teacherNumber: "430623000002", shown: "password" }]);
  });

  it("keeps a name that looks like a formula as text (the writes are RAW strings)", () => {
    const plan = planAccountRows([show(5, '=HYPERLINK("x")', "Abc2345xyz")]);
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
