/**
 * The 电子档案: the county's copy through the admin API (ID in clear, audited), the teacher's own
 * in the portal (session-checked, no digit of any ID number, phones masked), against a school
 * made effective through the real sync, with a returned-and-fixed row for the review history.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { app } from "../../src/app";
import type { Env } from "../../src/env";
import { ID, validTabs } from "../core/validate/fixture";
import { makeEffective } from "./support/business";
import { envFor, registerServiceAccount } from "./support/emulator";
import { Browser } from "./support/portal";
import { createSchoolSheet } from "./support/school-sheet";
import { liftProjectQuotas } from "./support/schools";

const ADMIN = "archive-admin@hrjy.example.cn";
const TOKEN = "test-admin-token";
const SCHOOL = {
  code: "4306230352",
  name: "华容县档案测试小学",
  category: "primary_secondary" as const,
};
const INITIAL = "Chushi2026abc";
const OWN = "huarong2026zw";
const SECTION_TITLES = [
  "基本信息",
  "学习经历",
  "工作经历",
  "岗位聘任",
  "专业技术职务聘任",
  "教师资格",
  "教育教学",
  "教育科研成果及奖励",
  "入选人才项目",
  "国内培训",
  "海外研修（访学）",
  "技能及证书",
  "交流轮岗",
  "联系方式",
];

let env: Env;
const number = { zhang: "", li: "" };

function admin(path: string, token: string | null = TOKEN) {
  const headers: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token}` };
  return app.request(path, { headers }, env);
}

async function numberOf(id: string): Promise<string> {
  const { results } = await env.DB.prepare("SELECT teacher_number, person_key FROM teachers").all<{
    teacher_number: string;
    person_key: string;
  }>();
  const personKey = await (await idCryptoFromEnv(env)).personKey(id);
  const found = results.find((row) => row.person_key === personKey);
  if (found === undefined) throw new Error("no teacher");
  return found.teacher_number;
}

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("archive");
  env = envFor(sa);
  const sheet = await createSchoolSheet(sa, SCHOOL, validTabs(), ADMIN);
  await makeEffective(env, ADMIN, SCHOOL, sheet);
  number.zhang = await numberOf(ID.zhang);
  number.li = await numberOf(ID.li);
  const hash = await hashPassword(INITIAL);
  await env.DB.prepare("UPDATE teachers SET password_hash = ?1 WHERE teacher_number IN (?2, ?3)")
    .bind(hash, number.zhang, number.li)
    .run();
}, 180_000);

describe("the county's copy (admin API)", () => {
  it("one teacher's: header, every section's effective records, the review history by role", async () => {
    const res = await admin(`/api/archive/teachers/${number.zhang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("张伟");
    expect(html).toContain(number.zhang);
    // The county's copy: the ID in clear, as the 调档 and the national system need it.
    expect(html).toContain(ID.zhang);
    for (const title of SECTION_TITLES) expect(html).toContain(`<h2>${title}</h2>`);
    expect(html).toContain("国培计划(2016)");
    expect(html).toContain("华容县治河渡镇中学");
    // Another teacher's records are not in it.
    expect(html).not.toContain("华容县北景港镇中心小学");
    expect(html).not.toContain(ID.li);
    // Who approved and rechecked, when: roles, never an account.
    expect(html).toContain("校长审核通过");
    expect(html).toContain("县级复核通过（生效）");
    expect(html).toContain("人事股");
    const review = html.slice(html.indexOf('data-testid="archive-review"'));
    expect(review.slice(0, review.indexOf("</section>"))).not.toContain("@");
    // Print layout: A4, a page break before each part.
    expect(html).toContain("size: A4");
    expect(html).toContain("break-before: page");
  });

  it("a whole school's, every teacher of it; each download is recorded in the audit", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM exports").first<{ n: number }>();
    const res = await admin(`/api/archive/schools/${SCHOOL.code}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ["张伟", "李娜", "王芳"]) expect(html).toContain(name);
    expect(html.match(/data-testid="archive-teacher"/g)).toHaveLength(3);
    const list = (await (await admin("/api/exports")).json()) as {
      exports: { kind: string; scope: string; who: string; persons: number }[];
    };
    expect(list.exports.length).toBe((before?.n ?? 0) + 1);
    expect(list.exports[0]).toMatchObject({
      kind: "archive_school",
      scope: SCHOOL.code,
      who: "admin",
      persons: 3,
    });
    expect(list.exports.some((e) => e.kind === "archive_teacher" && e.scope === number.zhang)).toBe(
      true,
    );
  });

  it("refuses without the admin token; unknown numbers are 404", async () => {
    expect((await admin(`/api/archive/teachers/${number.zhang}`, null)).status).toBe(401);
    expect((await admin(`/api/archive/schools/${SCHOOL.code}`, "wrong")).status).toBe(401);
    expect((await admin("/api/archive/teachers/430623999999")).status).toBe(404);
    expect((await admin("/api/archive/teachers/12345")).status).toBe(400);
  });
});

describe("the teacher's own copy (portal)", () => {
  let zhang: Browser;

  beforeAll(async () => {
    zhang = new Browser();
    await zhang.firstSignIn(number.zhang, INITIAL, OWN);
  });

  it("shows every section and the history, with no digit of any ID number and phones masked", async () => {
    const res = await zhang.get("/portal/archive");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("张伟");
    expect(html).toContain(number.zhang);
    // 基本信息's 身份证件号 row and every page's header show the 参考码 in its place.
    expect(html).toMatch(/<th>身份证件号<\/th><td>参考码[0-9A-F]{8}<\/td>/);
    expect(html).toMatch(/证件参考码：<span data-testid="archive-id">参考码[0-9A-F]{8}/);
    for (const title of SECTION_TITLES) expect(html).toContain(`<h2>${title}</h2>`);
    expect(html).toContain("校长审核通过");
    for (const id of Object.values(ID)) {
      expect(html).not.toContain(id);
      // Not even the ID's birth-date digits next to its area code.
      expect(html).not.toContain(id.slice(0, 10));
    }
    expect(html).not.toMatch(/\d{15}/);
    // 联系方式: the mobile number masked.
    expect(html).toMatch(/1\d{2}\*{4}\d{4}/);
    expect(html).not.toMatch(/(?<!\d)1\d{10}(?!\d)/);
    expect(html).toContain('href="/portal/archive.css"');
    const css = await zhang.get("/portal/archive.css");
    expect(await css.text()).toContain("@page");
  });

  it("is always the signed-in teacher's: teacher A cannot open B's", async () => {
    const byQuery = await (await zhang.get(`/portal/archive?teacher=${number.li}`)).text();
    expect(byQuery).toContain("张伟");
    expect(byQuery).not.toContain("李娜");
    expect((await zhang.get(`/portal/archive/${number.li}`)).status).toBe(404);
    // The admin API's copy is not reachable with a portal session.
    expect((await zhang.get(`/api/archive/teachers/${number.li}`)).status).toBe(401);
  });

  it("needs a session: signed out (or with only the admin token) it leads to sign-in", async () => {
    const stranger = new Browser(undefined, { authorization: `Bearer ${TOKEN}` });
    const res = await stranger.get("/portal/archive");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/portal/");
  });

  it("我的信息 links the archive", async () => {
    const html = await (await zhang.get("/portal/me")).text();
    expect(html).toContain('href="/portal/archive"');
  });
});
