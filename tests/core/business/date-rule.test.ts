/**
 * One date rule per column (issue 18, item 1): the 交流轮岗 tab, the 交流轮岗申请 tab and the
 * request validation read 开始年月 and 结束年月 alike. A rotation is approved with a planned end
 * ahead; the record the worker writes for it must pass the tab's rules at the next read, and a
 * school must be able to type the same row.
 */
import { describe, expect, it } from "vitest";
import { rotationValues } from "../../../src/core/business/effects";
import { validateRequestRow } from "../../../src/core/business/index";
import { residentIdCheckDigit } from "../../../src/core/normalise";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { type Cell, type Finding, validateTab } from "../../../src/core/validate";

const TODAY = "2026-12-07";
const HERE = "4306230002";
const THIRD = "4306230019";
const SCHOOLS = new Map([
  [HERE, "华容县实验小学"],
  [THIRD, "华容县东山镇中心小学"],
]);
const first17 = "43062319850601011";
const ID = first17 + residentIdCheckDigit(first17);

const SECTIONS = templateFor(shippedTemplates, "primary_secondary");
const CONTEXT = {
  today: TODAY,
  codeTables: shippedTemplates.codeTables,
  schoolName: "华容县实验小学",
};

function section(title: string) {
  const found = SECTIONS.find((s) => s.title === title);
  if (found === undefined) throw new Error(`no tab ${title}`);
  return found;
}

function tab(title: string, row: Record<string, Cell>) {
  const s = section(title);
  const headers = s.columns.map((column) => column.header);
  return {
    section: s,
    result: validateTab(s, [headers, headers.map((h) => row[h] ?? null)], CONTEXT),
  };
}

/** What the school's 校验结果 says of the dates. */
const messages = (findings: readonly Finding[]) => findings.map((f) => f.message);

/** The 交流轮岗 data tab, as a school types a rotation. */
function typedRecord(start: string, end: string) {
  return tab("交流轮岗", {
    姓名: "张伟",
    身份证件号: ID,
    交流轮岗类型: "城乡交流",
    是否调动人事关系: "否",
    开始年月: start,
    结束年月: end,
    交流轮岗单位名称: "华容县东山镇中心小学",
  }).result.findings;
}

/** The 交流轮岗申请 row of the same rotation, through the request validation. */
function requested(start: string, end: string) {
  const { section: s, result } = tab("交流轮岗申请", {
    姓名: "张伟",
    身份证件号: ID,
    交流轮岗类型: "城乡交流",
    交流学校代码: THIRD,
    开始年月: start,
    结束年月: end,
    交流原因: "城乡交流",
  });
  const record = result.records[0];
  if (record === undefined) throw new Error("no record");
  return validateRequestRow(s, record, result.findings, {
    today: TODAY,
    initiatorSchool: HERE,
    schools: SCHOOLS,
    person: {
      personKey: "pk-zhang",
      teacherNumber: "430623000001",
      name: "张伟",
      holdingSchool: HERE,
      effective: true,
      statusCode: null,
      birthDate: "1985-06-01",
      sex: "1",
      workStart: "2007-09",
      joinSchool: "2010-09",
    },
    openRequests: [],
    requestId: null,
  });
}

const BEFORE_START = "结束年月：不能早于「开始年月」（2027-09），请核对";

/** One table feeds the typed 交流轮岗 row and the request row: both must say the same. */
const CASES: ReadonlyArray<{ name: string; start: string; end: string; expect: string[] }> = [
  { name: "an ongoing rotation with a planned end", start: "2026-12", end: "2027-12", expect: [] },
  { name: "a rotation that has ended", start: "2025-09", end: "2026-07", expect: [] },
  { name: "a rotation without an end", start: "2026-09", end: "", expect: [] },
  { name: "a start a year ahead", start: "2027-12", end: "2028-07", expect: [] },
  {
    name: "a start more than a year ahead",
    start: "2028-01",
    end: "2028-07",
    expect: ["开始年月：晚于2027-12，应在今天起1年内，请核对"],
  },
  { name: "an end six years after the start", start: "2026-12", end: "2032-12", expect: [] },
  {
    name: "an end more than six years after the start",
    start: "2026-12",
    end: "2033-01",
    expect: ["结束年月：晚于2032-12，应在开始年月起6年内，请核对"],
  },
  {
    name: "a planned rotation ending before it starts",
    start: "2027-09",
    end: "2027-02",
    expect: [BEFORE_START],
  },
  {
    name: "a past rotation ending before it starts",
    start: "2025-09",
    end: "2025-08",
    expect: ["结束年月：不能早于「开始年月」（2025-09），请核对"],
  },
];

describe("交流轮岗 dates: the typed row and the request agree", () => {
  it.each(CASES)("$name", ({ start, end, expect: expected }) => {
    expect(messages(typedRecord(start, end))).toEqual(expected);
    const request = requested(start, end);
    expect(messages(request.findings)).toEqual(expected);
    expect(request.request === null).toBe(expected.length > 0);
  });

  it("start ≤ end is an error naming both columns, also when both lie ahead", () => {
    const [finding] = typedRecord("2027-09", "2027-02");
    expect(finding).toMatchObject({ column: "结束年月", severity: "error" });
    expect(finding?.message).toContain("开始年月");
  });
});

describe("the record a completed rotation writes", () => {
  it("passes the 交流轮岗 tab's rules while its planned end lies ahead", () => {
    const values = rotationValues(
      {
        kind: "addRotation",
        personKey: "pk-zhang",
        schoolCode: HERE,
        otherSchool: THIRD,
        rotationType: "2",
        start: "2026-12",
        end: "2027-12",
      },
      { name: "张伟", idNumber: ID },
      { school: "华容县实验小学", other: "华容县东山镇中心小学" },
    );
    const s = section("交流轮岗");
    const row: Record<string, Cell> = Object.fromEntries(
      s.columns.map((c) => [c.header, String(values[c.key] ?? "")]),
    );
    expect(messages(tab("交流轮岗", row).result.findings)).toEqual([]);
  });
});
