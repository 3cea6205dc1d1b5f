/**
 * 我的业务申请 on 我的信息: a teacher sees their own business requests (调动, 在职情况变动,
 * 交流轮岗) with state and steps, and the status the registry records once they have left; never
 * another teacher's request.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { applyTransition, openRequest } from "../../../src/adapters/store/business";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import type {
  BusinessAction,
  BusinessRequestInput,
  BusinessState,
  Party,
} from "../../../src/core/business/index";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  residentId,
} from "../store/fixtures";
import { addTeachers, Browser, type TestTeacher } from "../support/portal";

/** 调入学校 of Ann's transfer; the school holding all three teachers. */
const IN = "4306231601";
const OUT = "4306231602";
const PASSWORD = "huarong2026x";

let ann: TestTeacher;
let ben: TestTeacher;
let cai: TestTeacher;
/** Ann's 申请编号: a rotation the county refused, then a transfer under way; Ben's retirement. */
let annRotation: string;
let annTransfer: string;
let benRetirement: string;

const at = (minute: number) => `2026-03-02T08:${String(minute).padStart(2, "0")}:00.000Z`;

async function open(
  teacher: TestTeacher,
  n: number,
  input: Omit<BusinessRequestInput, "personKey" | "teacherNumber" | "name">,
) {
  const outcome = await openRequest(
    env.DB,
    {
      ...input,
      personKey: teacher.personKey,
      teacherNumber: teacher.teacherNumber,
      name: `教师${n}`,
    },
    { actor: "info@school.cn", at: at(0) },
  );
  if (!outcome.ok) throw new Error("expected the request to open");
  return outcome.request.id;
}

async function step(
  id: string,
  from: BusinessState,
  action: BusinessAction,
  party: Party,
  minute: number,
  reason: string | null = null,
) {
  const outcome = await applyTransition(env.DB, id, action, party, {
    actor: party === "county" ? "人事股" : "head@school.cn",
    reason,
    at: at(minute),
    from,
    crypto: await idCrypto,
  });
  if (!outcome.ok) throw new Error(outcome.reason);
}

/** 我的信息 as the teacher sees it, signed in with their own password. */
async function myPage(teacher: TestTeacher): Promise<string> {
  const browser = new Browser();
  await browser.signIn(teacher.teacherNumber, PASSWORD);
  const res = await browser.get("/portal/me");
  expect(res.status).toBe(200);
  return res.text();
}

/** The markup of one request on the page, from its opening tag to the end of its steps. */
function requestBlock(html: string, id: string): string {
  return new RegExp(`data-testid="request-${id}".*?</ol>`).exec(html)?.[0] ?? "";
}

beforeAll(async () => {
  await addSchools(IN, OUT);
  [ann, ben, cai] = (await addTeachers(OUT, [61, 62, 63])) as [
    TestTeacher,
    TestTeacher,
    TestTeacher,
  ];
  await applyRegistryChanges(
    env.DB,
    await Promise.all(
      [61, 62, 63].map((n) =>
        effectiveRecord(`R-Q-${n}`, OUT, basicValues(residentId(n), `教师${n}`)),
      ),
    ),
    await idCrypto,
    NOW,
  );

  annRotation = await open(ann, 61, {
    kind: "rotation",
    initiatorSchool: OUT,
    otherSchool: IN,
    details: {
      kind: "rotation",
      rotationType: "1",
      start: "2026-09",
      end: "2027-08",
      reason: "支教",
    },
  });
  await step(annRotation, "draft", "confirm", "initiator", 1);
  await step(annRotation, "exchange_review", "confirm", "counterpart", 1);
  await step(annRotation, "county_review", "refuse", "county", 2, "名额已满，请联系 13812345678");

  annTransfer = await open(ann, 61, {
    kind: "transfer",
    initiatorSchool: IN,
    otherSchool: OUT,
    details: { kind: "transfer", direction: "1", date: "2026-04-01", reason: "夫妻团聚" },
  });
  await step(annTransfer, "draft", "confirm", "initiator", 5);
  await step(annTransfer, "county_review", "confirm", "county", 10);

  benRetirement = await open(ben, 62, {
    kind: "status_change",
    initiatorSchool: OUT,
    otherSchool: null,
    details: { kind: "status_change", change: "902", date: "2026-02-28", reason: "" },
  });
  await step(benRetirement, "draft", "confirm", "initiator", 3);
  await step(benRetirement, "county_review", "confirm", "county", 4);

  for (const teacher of [ann, ben, cai])
    await new Browser().firstSignIn(teacher.teacherNumber, teacher.initialPassword, PASSWORD);
});

describe("我的业务申请", () => {
  it("lists the teacher's own requests, newest first, with type, schools, details, state and steps", async () => {
    const html = await myPage(ann);
    expect(html).toContain("<h2>我的业务申请</h2>");
    const shown = [...html.matchAll(/data-testid="request-(YW\d{6})"/g)].map((m) => m[1]);
    expect(shown).toEqual([annTransfer, annRotation]);

    const transfer = requestBlock(html, annTransfer);
    expect(transfer).toContain('data-testid="request-state">待调出学校确认<');
    expect(transfer).toContain('data-testid="request-kind">调动<');
    expect(transfer).toContain(`申请编号 ${annTransfer}`);
    expect(transfer).toContain('<th scope="row">调入学校</th><td>华容县测试学校601</td>');
    expect(transfer).toContain('<th scope="row">调出学校</th><td>华容县测试学校602</td>');
    expect(transfer).toContain('<th scope="row">调动日期</th><td>2026-04-01</td>');
    expect(transfer).toContain('<th scope="row">原因</th><td>夫妻团聚</td>');
    const steps = [...transfer.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);
    expect(steps).toEqual([
      "2026-03-02 16:00 提交申请：调入学校填报",
      "2026-03-02 16:05 本校确认：调入学校确认",
      "2026-03-02 16:10 下达调动：人事股确认",
    ]);

    const rotation = requestBlock(html, annRotation);
    expect(rotation).toContain('data-testid="request-state">不同意<');
    expect(rotation).toContain('data-testid="request-kind">交流轮岗<');
    expect(rotation).toContain('<th scope="row">交流学校</th><td>华容县测试学校601</td>');
    expect(rotation).toContain('<th scope="row">交流轮岗类型</th><td>县域内交流轮岗</td>');
    expect(rotation).toContain('<th scope="row">期间</th><td>2026-09 至 2027-08</td>');
    // The county's reason, a phone number in it hidden.
    expect(rotation).toContain("2026-03-02 16:02 人事股审核：人事股不同意");
    expect(rotation).toContain("理由：名额已满，请联系 ［已隐去］");
    expect(html).not.toContain("13812345678");
    // Which party acted, not the account that did.
    expect(html).not.toContain("head@school.cn");
    expect(html).not.toContain("info@school.cn");
    expect(html).not.toContain('data-testid="requests-left"');
    expect(html).not.toContain(ann.idNumber);
  });

  it("tells a teacher who has left the status the registry records", async () => {
    const html = await myPage(ben);
    const retirement = requestBlock(html, benRetirement);
    expect(retirement).toContain('data-testid="request-state">已完成<');
    expect(retirement).toContain('data-testid="request-kind">在职情况变动<');
    expect(retirement).toContain('<th scope="row">学校</th><td>华容县测试学校602</td>');
    expect(retirement).toContain('<th scope="row">变动类型</th><td>退休</td>');
    expect(retirement).toContain("2026-03-02 16:04 人事股审核：人事股确认");
    expect(html).toMatch(
      new RegExp(
        `data-testid="requests-left">登记库记录的在职情况：退休（2026-02-28 起，申请编号 ${benRetirement}）`,
      ),
    );
  });

  it("shows none when the teacher has no request", async () => {
    const html = await myPage(cai);
    expect(html).toMatch(/data-testid="requests">.*?暂无业务申请/);
    expect(html).not.toMatch(/data-testid="request-YW/);
  });

  it("never shows another teacher's request, whatever the signed-in teacher asks for", async () => {
    // Ben (signed in) looks for Ann's requests: on his page, by query, and by path.
    const browser = new Browser();
    await browser.signIn(ben.teacherNumber, PASSWORD);
    const pages = await Promise.all(
      [
        "/portal/me",
        `/portal/me?teacher=${ann.teacherNumber}&request=${annTransfer}`,
        `/portal/requests/${annTransfer}`,
      ].map(async (path) => (await browser.get(path)).text()),
    );
    expect(pages[0]).toContain(`data-testid="request-${benRetirement}"`);
    for (const html of pages)
      for (const secret of [
        annTransfer,
        annRotation,
        ann.teacherNumber,
        "教师61",
        "夫妻团聚",
        "支教",
      ])
        expect(html).not.toContain(secret);
    // Nor Ann's page Ben's.
    const annPage = await myPage(ann);
    expect(annPage).not.toContain(benRetirement);
    expect(annPage).not.toContain("退休");
  });
});
