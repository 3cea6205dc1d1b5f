import { describe, expect, it } from "vitest";
import {
  ownRequestId,
  type PersonFacts,
  type RequestRowContext,
  requestIdNumber,
  validateRequestRow,
} from "../../../src/core/business/index";
import { residentIdCheckDigit } from "../../../src/core/normalise";
import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { type Cell, validateTab } from "../../../src/core/validate";

const TODAY = "2026-03-01";
const HERE = "4306230002";
const OUT = "4306230006";
const THIRD = "4306230019";
const SCHOOLS = new Map([
  [HERE, "华容县实验小学"],
  [OUT, "华容县第二中学"],
  [THIRD, "华容县东山镇中心小学"],
]);

const first17 = "43062319850601011";
const ID = first17 + residentIdCheckDigit(first17);
const WRONG_CHECK = first17 + (residentIdCheckDigit(first17) === "1" ? "2" : "1");

const SECTIONS = templateFor(shippedTemplates, "primary_secondary");

const TITLES = { transfer: "调动申请", status: "在职情况变动", rotation: "交流轮岗申请" } as const;
type Tab = keyof typeof TITLES;

const ROWS: Readonly<Record<Tab, Record<string, Cell>>> = {
  transfer: {
    姓名: "张伟",
    身份证件号: ID,
    调动方向: "调入",
    对方学校代码: OUT,
    调动日期: "2026-02-01",
    调动原因: "夫妻团聚",
  },
  status: {
    姓名: "张伟",
    身份证件号: ID,
    变动类型: "长病假",
    变动日期: "2026-01-31",
    变动原因: "病休",
  },
  rotation: {
    姓名: "张伟",
    身份证件号: ID,
    交流轮岗类型: "城乡交流",
    交流学校代码: THIRD,
    开始年月: "2025-09",
    结束年月: "2026-07",
    交流原因: "城乡交流",
  },
};

function person(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    personKey: "pk-zhang",
    teacherNumber: "430623000001",
    name: "张伟",
    holdingSchool: HERE,
    effective: true,
    statusCode: null,
    sex: "1",
    birthDate: "1985-06-01",
    workStart: "2007-09",
    joinSchool: "2010-09",
    ...overrides,
  };
}

interface Case {
  readonly set?: Record<string, Cell>;
  readonly person?: Partial<PersonFacts> | null;
  readonly context?: Partial<RequestRowContext>;
}

function check(tab: Tab, c: Case = {}) {
  const section = SECTIONS.find((s) => s.title === TITLES[tab]);
  if (section === undefined) throw new Error(`no tab ${TITLES[tab]}`);
  const row = { ...ROWS[tab], ...c.set };
  const headers = section.columns.map((column) => column.header);
  const cells = headers.map((header) => row[header] ?? null);
  const result = validateTab(section, [headers, cells], {
    today: TODAY,
    codeTables: shippedTemplates.codeTables,
    schoolName: "华容县实验小学",
  });
  const record = result.records[0];
  if (record === undefined) throw new Error("no record");
  const holding = tab === "transfer" ? OUT : HERE;
  return validateRequestRow(section, record, result.findings, {
    today: TODAY,
    initiatorSchool: HERE,
    schools: SCHOOLS,
    person: c.person === null ? undefined : person({ holdingSchool: holding, ...c.person }),
    openRequests: [],
    requestId: null,
    ...c.context,
  });
}

/** The one answer to a row naming no teacher of the school the flow needs, whatever the reason. */
const NOT_THERE =
  "对方学校没有身份证件号、姓名都与本行相符的在岗教师，请核对身份证件号、姓名和对方学校代码";
const NOT_HERE =
  "本校没有身份证件号、姓名都与本行相符的在岗教师，请核对身份证件号和姓名（须与本校“基本信息”一致）";

/** "column message" of each finding, as the row's 校验结果 would show them. */
const messages = (result: ReturnType<typeof check>) => result.findings.map((f) => f.message);

describe("valid rows become requests", () => {
  it("a transfer from the school that holds the teacher", () => {
    const result = check("transfer");
    expect(result.findings).toEqual([]);
    expect(result.request).toEqual({
      kind: "transfer",
      initiatorSchool: HERE,
      otherSchool: OUT,
      personKey: "pk-zhang",
      teacherNumber: "430623000001",
      name: "张伟",
      details: { kind: "transfer", direction: "1", date: "2026-02-01", reason: "夫妻团聚" },
    });
    expect(JSON.stringify(result.request)).not.toContain(ID);
  });

  it("a retirement of this school's teacher", () => {
    const result = check("status", {
      set: { 变动类型: "退休", 变动原因: "到龄退休" },
      person: { birthDate: "1965-06-01" },
    });
    expect(result.findings).toEqual([]);
    expect(result.request).toMatchObject({
      kind: "status_change",
      otherSchool: null,
      details: { kind: "status_change", change: "902", date: "2026-01-31", reason: "到龄退休" },
    });
  });

  it("a rotation, with or without an end", () => {
    expect(check("rotation").request?.details).toEqual({
      kind: "rotation",
      rotationType: "2",
      start: "2025-09",
      end: "2026-07",
      reason: "城乡交流",
    });
    expect(check("rotation", { set: { 结束年月: "" } }).request?.details).toMatchObject({
      end: null,
    });
  });
});

describe("each finding, failing and passing", () => {
  const cases: ReadonlyArray<{
    name: string;
    tab: Tab;
    fail: Case;
    pass: Case;
    message: string;
  }> = [
    {
      name: "a mistyped ID number (check digit)",
      tab: "status",
      fail: { set: { 身份证件号: WRONG_CHECK }, person: null },
      pass: {},
      message: `身份证件号：校验位错误，应为 ${residentIdCheckDigit(first17)}，请核对号码`,
    },
    {
      name: "a teacher not effective yet",
      tab: "rotation",
      fail: { person: { effective: false } },
      pass: { person: { effective: true } },
      message: "身份证件号：该教师的基本信息尚未经县级复核生效，生效后才能办理本业务",
    },
    {
      name: "a transfer of a teacher already held here",
      tab: "transfer",
      fail: { person: { holdingSchool: HERE } },
      pass: {},
      message: "身份证件号：该教师已是本校教师，无需办理调入，请核对",
    },
    {
      name: "a transfer to the same school",
      tab: "transfer",
      fail: { set: { 对方学校代码: HERE } },
      pass: {},
      message: "对方学校代码：不能填写本校的学校代码，请填写对方学校的代码",
    },
    {
      name: "a rotation to the same school",
      tab: "rotation",
      fail: { set: { 交流学校代码: HERE } },
      pass: {},
      message: "交流学校代码：不能填写本校的学校代码，请填写对方学校的代码",
    },
    {
      name: "an unknown school code",
      tab: "rotation",
      fail: { set: { 交流学校代码: "4306239999" } },
      pass: {},
      message: "交流学校代码：「4306239999」不是本县学校代码清单中的学校，请核对",
    },
    {
      name: "a mistyped school code",
      tab: "transfer",
      fail: { set: { 对方学校代码: "43062300" } },
      pass: {},
      message: "对方学校代码：「43062300」不是有效的学校代码，应为10位数字",
    },
    {
      name: "a transfer dated before the teacher joined the sending school",
      tab: "transfer",
      fail: { set: { 调动日期: "2010-08-31" } },
      pass: { set: { 调动日期: "2010-09-01" } },
      message: "调动日期：早于调出学校登记的该教师进本校年月，请与调出学校核对",
    },
    {
      name: "a transfer dated more than a year ahead",
      tab: "transfer",
      fail: { set: { 调动日期: "2027-03-02" } },
      pass: { set: { 调动日期: "2027-03-01" } },
      message: "调动日期：晚于2027-03-01，应在今天起1年内，请核对",
    },
    {
      name: "a status change dated more than a year ahead",
      tab: "status",
      fail: { set: { 变动日期: "2027-06-30" } },
      pass: { set: { 变动日期: "2026-08-31" } },
      message: "变动日期：晚于2027-03-01，应在今天起1年内，请核对",
    },
    {
      name: "a rotation starting more than a year ahead",
      tab: "rotation",
      fail: { set: { 开始年月: "2027-04", 结束年月: "2028-07" } },
      pass: { set: { 开始年月: "2027-03", 结束年月: "2028-07" } },
      message: "开始年月：晚于2027-03，应在今天起1年内，请核对",
    },
    {
      name: "a rotation ending more than six years after it starts",
      tab: "rotation",
      fail: { set: { 结束年月: "2031-10" } },
      pass: { set: { 结束年月: "2031-09" } },
      message: "结束年月：晚于2031-09，应在开始年月起6年内，请核对",
    },
    {
      name: "a status change dated before the person entered work",
      tab: "status",
      fail: { set: { 变动日期: "2007-08-31" } },
      pass: { set: { 变动日期: "2007-09-01" } },
      message: "变动日期：早于该教师的参加工作年月（2007-09），请核对",
    },
    {
      name: "a status change dated before the person was born",
      tab: "status",
      fail: { set: { 变动日期: "1985-05-31" }, person: { workStart: null } },
      pass: { set: { 变动日期: "1985-06-01" }, person: { workStart: null } },
      message: "变动日期：早于该教师的出生日期（1985-06-01），请核对",
    },
    {
      name: "a rotation starting before the teacher joined the school",
      tab: "rotation",
      fail: { set: { 开始年月: "2010-08", 结束年月: "2011-07" } },
      pass: { set: { 开始年月: "2010-09", 结束年月: "2011-07" } },
      message: "开始年月：早于该教师的进本校年月（2010-09），请核对",
    },
    {
      name: "a rotation ending before it starts",
      tab: "rotation",
      fail: { set: { 结束年月: "2025-08" } },
      pass: { set: { 结束年月: "2025-09" } },
      message: "结束年月：不能早于「开始年月」（2025-09），请核对",
    },
    {
      name: "a second open request for the same teacher, started by this school",
      tab: "rotation",
      fail: {
        context: {
          openRequests: [
            { id: "YW000007", kind: "transfer", state: "county_review", initiatorSchool: HERE },
          ],
        },
      },
      pass: {
        context: {
          openRequests: [
            { id: "YW000007", kind: "rotation", state: "county_review", initiatorSchool: HERE },
          ],
          requestId: "YW000007",
        },
      },
      message:
        "身份证件号：该教师已有一项未办结的调动申请（申请编号 YW000007，待人事股审核），办结或撤回前不能再提交",
    },
    {
      name: "a typed 调出 row",
      tab: "transfer",
      fail: { set: { 调动方向: "调出" } },
      pass: { set: { 调动方向: "调入" } },
      message:
        "调动方向：调动由调入学校发起，调出学校不填写本行：人事股下达调动后，本表会自动出现该教师的调出行，请校长在该行确认",
    },
  ];

  it.each(cases)("$name", ({ tab, fail, pass, message }) => {
    const failing = check(tab, fail);
    expect(messages(failing)).toEqual([message]);
    expect(failing.findings[0]?.severity).toBe("error");
    expect(failing.request).toBeNull();
    const passing = check(tab, pass);
    expect(messages(passing)).toEqual([]);
    expect(passing.request).not.toBeNull();
  });

  it("reports a date too far ahead even before the person is known", () => {
    expect(messages(check("transfer", { set: { 调动日期: "2030-01-01" }, person: null }))).toEqual([
      "调动日期：晚于2027-03-01，应在今天起1年内，请核对",
      `身份证件号：${NOT_THERE}`,
    ]);
  });

  it("names the sheet row of the finding", () => {
    expect(check("transfer", { person: null }).findings[0]).toMatchObject({
      tab: "调动申请",
      row: 2,
      column: "身份证件号",
      code: "business.not_at_other_school",
    });
  });
});

describe("a request row reveals nothing about people the school does not hold", () => {
  // Every registry fact the attacks below could learn: none may appear in a message.
  const SECRETS = [
    "张伟",
    OUT,
    THIRD,
    "华容县第二中学",
    "华容县东山镇中心小学",
    "1985",
    "2007-09",
    "2010-09",
    "退休",
    "YW000031",
    "调动",
    "待人事股审核",
  ];
  // Registry checks that would fire for the teacher: they must not run before the identity holds.
  const PROBES: Case = {
    context: {
      openRequests: [
        { id: "YW000031", kind: "transfer", state: "county_review", initiatorSchool: THIRD },
      ],
    },
  };
  const misses: ReadonlyArray<{ name: string; miss: Case }> = [
    { name: "an ID number the registry does not know", miss: { person: null } },
    {
      name: "another school's teacher, named with the registered name",
      miss: { person: { holdingSchool: THIRD } },
    },
    { name: "the right teacher under another name", miss: { set: { 姓名: "张玮" } } },
    { name: "a teacher who has left", miss: { person: { statusCode: "902" } } },
    {
      name: "a teacher who has left, under another name",
      miss: { set: { 姓名: "张玮" }, person: { statusCode: "903" } },
    },
  ];
  const early = {
    transfer: { 调动日期: "2001-01-01" },
    status: { 变动日期: "1980-01-01" },
    rotation: { 开始年月: "2001-01", 结束年月: "2002-01" },
  } as const;
  const tabs: ReadonlyArray<{ tab: Tab; message: string }> = [
    { tab: "transfer", message: NOT_THERE },
    { tab: "status", message: NOT_HERE },
    { tab: "rotation", message: NOT_HERE },
  ];

  for (const { tab, message } of tabs)
    describe(TITLES[tab], () => {
      it.each(misses)("$name: the one message, on the ID number only", ({ miss }) => {
        for (const set of [{}, early[tab]]) {
          const result = check(tab, {
            ...miss,
            ...PROBES,
            set: { ...miss.set, ...set },
          });
          expect(result.request).toBeNull();
          expect(result.findings.map((f) => [f.column, f.message, f.severity])).toEqual([
            ["身份证件号", `身份证件号：${message}`, "error"],
          ]);
          for (const secret of SECRETS) expect(message).not.toContain(secret);
        }
      });
    });

  it("a transfer naming a school that does not hold the teacher gets the same message", () => {
    const wrongSchool = check("transfer", { set: { 对方学校代码: THIRD }, ...PROBES });
    expect(messages(wrongSchool)).toEqual([`身份证件号：${NOT_THERE}`]);
  });

  it("a row whose name or 对方学校代码 is unusable says only that, whoever the ID names", () => {
    for (const set of [{ 姓名: "" }, { 对方学校代码: "4306239999" }, { 对方学校代码: HERE }]) {
      const outcomes = [null, {}, { holdingSchool: THIRD }, { statusCode: "902" }].map((person) =>
        messages(check("transfer", { set, person, ...PROBES })),
      );
      for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
      expect(outcomes[0]?.join()).not.toContain("身份证件号");
    }
  });

  it("the school's own teacher in a transfer is told apart: that is the school's own data", () => {
    expect(messages(check("transfer", { person: { holdingSchool: HERE } }))).toEqual([
      "身份证件号：该教师已是本校教师，无需办理调入，请核对",
    ]);
    expect(
      messages(check("transfer", { set: { 姓名: "张玮" }, person: { holdingSchool: HERE } })),
    ).toEqual([`身份证件号：${NOT_THERE}`]);
  });

  it("an open request another school started: only that no new request can be taken now", () => {
    for (const tab of ["transfer", "status", "rotation"] as const) {
      const result = check(tab, PROBES);
      expect(messages(result)).toEqual([
        "身份证件号：该教师目前有尚未办结的业务，暂不能提交新的申请",
      ]);
      expect(result.request).toBeNull();
    }
  });

  it("a date bound of another school's teacher names the bound, not its value", () => {
    const result = check("transfer", {
      set: { 调动日期: "2006-01-01" },
      person: { joinSchool: null },
    });
    expect(messages(result)).toEqual([
      "调动日期：早于调出学校登记的该教师参加工作年月，请与调出学校核对",
    ]);
  });
});

describe("plausibility of a status change", () => {
  const retire = (person: Partial<PersonFacts>, context: Partial<RequestRowContext> = {}) =>
    check("status", { set: { 变动类型: "退休", 变动原因: "到龄退休" }, person, context });
  const young = (birthDate: string, age: number, ages = "男 60 岁、女 50 岁") =>
    `变动类型：按出生日期（${birthDate}），该教师在变动日期时 ${age} 岁，低于法定退休年龄（${ages}），请核对；如属按规定提前退休，可不修改`;

  it("warns of a retirement below the legal age, naming the age, and still takes the row", () => {
    const result = retire({ birthDate: "2000-06-01" });
    expect(messages(result)).toEqual([young("2000-06-01", 25)]);
    expect(result.findings[0]).toMatchObject({
      severity: "warning",
      code: "business.retire_young",
      column: "变动类型",
    });
    expect(result.request?.details).toMatchObject({ change: "902", date: "2026-01-31" });
  });

  it.each([
    { sex: "1", birthDate: "1966-01-31", warn: false },
    { sex: "1", birthDate: "1966-02-01", warn: true, age: 59 },
    { sex: "2", birthDate: "1976-01-31", warn: false },
    { sex: "2", birthDate: "1976-02-01", warn: true, age: 49 },
    // Sex unknown: only below both ages is the retirement implausible.
    { sex: null, birthDate: "1974-01-31", warn: false },
    { sex: null, birthDate: "1980-01-01", warn: true, age: 46 },
  ])("sex $sex born $birthDate: warns $warn", ({ sex, birthDate, warn, age }) => {
    expect(messages(retire({ sex, birthDate }))).toEqual(warn ? [young(birthDate, age ?? 0)] : []);
  });

  it("checks nothing without a birth date, nor a change other than 退休", () => {
    expect(messages(retire({ birthDate: null }))).toEqual([]);
    expect(messages(check("status", { person: { birthDate: "2000-06-01" } }))).toEqual([]);
  });

  it("takes the ages from the county's configuration", () => {
    const result = retire(
      { birthDate: "1964-01-31" },
      { retirementAges: { male: 63, female: 55 } },
    );
    expect(messages(result)).toEqual([young("1964-01-31", 62, "男 63 岁、女 55 岁")]);
  });

  it("accepts a retirement dated ahead, within a year", () => {
    expect(
      messages(
        check("status", {
          set: { 变动类型: "退休", 变动日期: "2027-02-28" },
          person: { birthDate: "1966-06-01" },
        }),
      ),
    ).toEqual([]);
  });

  const ahead = (value: string, change: string) =>
    `变动日期：「${value}」晚于今天（${TODAY}），${change}不能提前登记，请填写实际发生的日期`;

  it.each(["死亡", "离职"])(
    "refuses %s dated ahead, and takes it dated today or back",
    (change) => {
      const failing = check("status", { set: { 变动类型: change, 变动日期: "2026-03-02" } });
      expect(messages(failing)).toEqual([ahead("2026-03-02", change)]);
      expect(failing.findings[0]?.severity).toBe("error");
      expect(failing.request).toBeNull();
      // More than a year ahead: the one reason, not the year's bound as well.
      expect(
        messages(check("status", { set: { 变动类型: change, 变动日期: "2028-01-01" } })),
      ).toEqual([ahead("2028-01-01", change)]);
      for (const date of [TODAY, "2012-05-04"]) {
        const passing = check("status", { set: { 变动类型: change, 变动日期: date } });
        expect(messages(passing)).toEqual([]);
        expect(passing.request).not.toBeNull();
      }
    },
  );
});

describe("helpers", () => {
  it("gives the caller the ID to key only when it is readable", () => {
    const section = SECTIONS.find((s) => s.title === "调动申请");
    if (section === undefined) throw new Error("no tab");
    const headers = section.columns.map((column) => column.header);
    const read = (id: string) =>
      validateTab(
        section,
        [headers, headers.map((h) => (h === "身份证件号" ? id : (ROWS.transfer[h] ?? null)))],
        { today: TODAY, codeTables: shippedTemplates.codeTables, schoolName: "" },
      ).records[0];
    const good = read(ID);
    const bad = read(WRONG_CHECK);
    expect(good && requestIdNumber(good, TODAY)).toBe(ID);
    expect(bad && requestIdNumber(bad, TODAY)).toBeUndefined();
  });

  it("adopts the open request a row opened before its 申请编号 was written back", () => {
    const requests = [{ id: "YW000003", kind: "transfer" as const, initiatorSchool: HERE }];
    expect(ownRequestId("YW000009", "transfer", HERE, requests)).toBe("YW000009");
    expect(ownRequestId(null, "transfer", HERE, requests)).toBe("YW000003");
    expect(ownRequestId("", "rotation", HERE, requests)).toBeNull();
    expect(ownRequestId(null, "transfer", OUT, requests)).toBeNull();
  });
});
