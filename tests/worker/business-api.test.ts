import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { applyTransition, openRequest } from "../../src/adapters/store/business";
import { applyRegistryChanges } from "../../src/adapters/store/registry";
import { allocateTeacherNumbers } from "../../src/adapters/store/registry-accounts";
import { app } from "../../src/app";
import type { BusinessAction, BusinessState, Party } from "../../src/core/business/index";
import { BUSINESS_LOG_COLUMNS } from "../../src/core/reports/business-log";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  residentId,
} from "./store/fixtures";

const AUTH = { authorization: "Bearer test-admin-token" };
const IN = "4306230921";
const OUT = "4306230922";
/** A name that a spreadsheet would run as a formula if the CSV let it through. */
const TRAP_NAME = '=HYPERLINK("http://x.example","点我")';

const get = (path: string, headers: Record<string, string> = AUTH) =>
  app.request(path, { headers }, env);

let transferId = "";
let refusedId = "";
let moved = "";

async function teacher(n: number, name: string, school: string) {
  const crypto = await idCrypto;
  const idNumber = residentId(n);
  const personKey = await crypto.personKey(idNumber);
  const issued = await allocateTeacherNumbers(
    env.DB,
    [{ personKey, name, schoolCode: school, idNumber }],
    crypto,
    NOW,
  );
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord(`RA${n}`, school, basicValues(idNumber, name)),
      { kind: "teacherEffective", personKey },
    ],
    crypto,
    NOW,
  );
  return { personKey, teacherNumber: issued.get(personKey)?.teacherNumber ?? "" };
}

async function walk(id: string, steps: [BusinessState, BusinessAction, Party][]) {
  const crypto = await idCrypto;
  for (const [from, action, party] of steps) {
    const outcome = await applyTransition(env.DB, id, action, party, {
      actor: party === "county" ? "hr@county.cn" : "head@school.cn",
      reason: action === "refuse" ? "编制已满" : null,
      at: "2026-03-02T02:00:00.000Z",
      from,
      crypto,
    });
    if (!outcome.ok) throw new Error(outcome.reason);
  }
}

beforeAll(async () => {
  await addSchools(IN, OUT);
  const a = await teacher(901, "赵敏", OUT);
  const b = await teacher(902, TRAP_NAME, OUT);
  moved = a.teacherNumber;
  const transfer = await openRequest(
    env.DB,
    {
      kind: "transfer",
      initiatorSchool: IN,
      otherSchool: OUT,
      ...a,
      name: "赵敏",
      details: { kind: "transfer", direction: "1", date: "2026-02-01", reason: "夫妻团聚" },
    },
    { actor: "info@in.cn", at: "2026-03-02T01:00:00.000Z" },
  );
  const status = await openRequest(
    env.DB,
    {
      kind: "status_change",
      initiatorSchool: OUT,
      otherSchool: null,
      ...b,
      name: TRAP_NAME,
      details: { kind: "status_change", change: "901", date: "2026-02-01", reason: "个人原因" },
    },
    { actor: "info@out.cn", at: "2026-03-02T01:00:00.000Z" },
  );
  if (!transfer.ok || !status.ok) throw new Error("not opened");
  transferId = transfer.request.id;
  refusedId = status.request.id;
  await walk(transferId, [
    ["draft", "confirm", "initiator"],
    ["county_review", "confirm", "county"],
    ["counterpart_review", "confirm", "counterpart"],
    ["release_review", "confirm", "county"],
    ["archive_review", "confirm", "initiator"],
  ]);
  await walk(refusedId, [
    ["draft", "confirm", "initiator"],
    ["county_review", "refuse", "county"],
  ]);
});

interface ListBody {
  requests: Array<Record<string, unknown> & { id: string }>;
}

const ids = async (query: string) =>
  ((await (await get(`/api/business/requests${query}`)).json()) as ListBody).requests.map(
    (r) => r.id,
  );

describe("GET /api/business/requests", () => {
  it("needs the admin token", async () => {
    for (const path of [
      "/api/business/requests",
      "/api/business/requests?format=csv",
      `/api/business/requests/${transferId}`,
    ]) {
      expect((await get(path, {})).status).toBe(401);
      expect((await get(path, { authorization: "Bearer wrong" })).status).toBe(401);
    }
  });

  it("lists requests with labels and the 参考码, never the person key or an ID digit", async () => {
    const res = await get(`/api/business/requests?school=${IN}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    expect(body.requests).toEqual([
      expect.objectContaining({
        id: transferId,
        kind: "transfer",
        kindLabel: "调动",
        state: "completed",
        stateLabel: "已完成",
        initiatorSchool: IN,
        otherSchool: OUT,
        teacherNumber: moved,
        name: "赵敏",
        reference: expect.stringMatching(/^参考码[0-9A-F]{8}$/),
        details: { kind: "transfer", direction: "1", date: "2026-02-01", reason: "夫妻团聚" },
      }),
    ]);
    const text = JSON.stringify(body);
    expect(text).not.toContain("personKey");
    expect(text).not.toContain(residentId(901).slice(0, 14));
  });

  it("filters by school (either side), kind and state", async () => {
    expect(await ids(`?school=${OUT}`)).toEqual([transferId, refusedId].sort());
    expect(await ids(`?school=${OUT}&kind=status_change`)).toEqual([refusedId]);
    expect(await ids("?state=refused&kind=status_change")).toContain(refusedId);
    expect(await ids(`?school=${IN}&state=refused`)).toEqual([]);
  });

  it.each([
    ["?school=' OR 1=1 --", "school 应为10位学校代码"],
    ["?kind=transfer' --", "kind 应为 transfer / status_change / rotation 之一"],
    ["?state=done", "state 应为 draft"],
    ["?format=xml", "format 应为 json 或 csv"],
  ])("refuses %s with a Chinese message", async (query, message) => {
    const res = await get(`/api/business/requests${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });

  it("?format=csv: the 业务台账 with Chinese headers, a BOM, steps on lines, formulas as text", async () => {
    const res = await get(`/api/business/requests?format=csv&school=${OUT}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("业务台账"));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.split("\r\n")[0]).toBe(BUSINESS_LOG_COLUMNS.map((c) => c.header).join(","));
    expect(text).toContain(`${transferId},调动,${moved},赵敏,参考码`);
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""点我"")"`);
    expect(text).toContain("人事股审核：人事股不同意，2026-03-02 10:00，理由：编制已满");
    expect(text).toMatch(/"提交申请：[^"]+\n本校确认：/);
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });
});

describe("GET /api/business/requests/:id", () => {
  it("shows the request with every step", async () => {
    const res = await get(`/api/business/requests/${transferId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      request: { id: string; stateLabel: string };
      events: Array<Record<string, unknown>>;
    };
    expect(body.request).toMatchObject({ id: transferId, stateLabel: "已完成" });
    expect(body.events.map((e) => [e.step, e.partyLabel, e.decision])).toEqual([
      ["提交申请", "调入学校", "填报"],
      ["本校确认", "调入学校", "确认"],
      ["下达调动", "人事股", "确认"],
      ["调出学校确认", "调出学校", "确认"],
      ["确认调出", "人事股", "确认"],
      ["调档完成", "调入学校", "确认"],
    ]);
    expect(JSON.stringify(body)).not.toContain("personKey");
  });

  it("says so for an unknown or malformed 申请编号", async () => {
    const unknown = await get("/api/business/requests/YW999999");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "没有申请编号为 YW999999 的业务申请" });
    const bad = await get("/api/business/requests/1%20OR%201");
    expect(bad.status).toBe(400);
  });
});

describe("GET /api/teachers/:number after a transfer", () => {
  it("shows the receiving school and the records there", async () => {
    const res = await get(`/api/teachers/${moved}`);
    expect(res.status).toBe(200);
    const { teacher } = (await res.json()) as {
      teacher: { schoolCode: string; schoolName: string; records: { schoolCode: string }[] };
    };
    expect(teacher.schoolCode).toBe(IN);
    expect(teacher.schoolName).toBe("华容县测试学校921");
    expect(teacher.records.map((r) => r.schoolCode)).toEqual([IN]);
  });
});
