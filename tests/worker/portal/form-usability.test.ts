/**
 * The portal's forms as a teacher on a phone uses them: each message beside its field with the
 * first such field focused, conditionally required fields marked, what was sent shown as sent,
 * and a pending submission withdrawn until the school's sync writes it.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { takeLease } from "../../../src/adapters/store/leases";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import {
  markSubmissionsWritten,
  pendingSubmissions,
} from "../../../src/adapters/store/submissions";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  residentId,
} from "../store/fixtures";
import { addTeachers, Browser, type TestTeacher } from "../support/portal";

const SCHOOL = "4306231302";
const PASSWORD = "huarong2026x";
const SHEET = "sheet-form-usability";

let teacher: TestTeacher;
let other: TestTeacher;

const chosen = new Set<string>();

async function signedIn(who: TestTeacher): Promise<Browser> {
  const browser = new Browser();
  if (chosen.has(who.teacherNumber)) await browser.signIn(who.teacherNumber, PASSWORD);
  else await browser.firstSignIn(who.teacherNumber, who.initialPassword, PASSWORD);
  chosen.add(who.teacherNumber);
  return browser;
}

beforeAll(async () => {
  await addSchools(SCHOOL);
  await env.DB.prepare("UPDATE schools SET spreadsheet_id = ?1 WHERE code = ?2")
    .bind(SHEET, SCHOOL)
    .run();
  [teacher, other] = (await addTeachers(SCHOOL, [1, 2])) as [TestTeacher, TestTeacher];
  const crypto = await idCrypto;
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord("R-U-BASIC-1", SCHOOL, basicValues(residentId(1), "教师1")),
      await effectiveRecord("R-U-BASIC-2", SCHOOL, basicValues(residentId(2), "教师2")),
    ],
    crypto,
    NOW,
  );
  await env.DB.prepare("UPDATE teachers SET effective = 1").run();
});

function fieldBlock(html: string, key: string): string {
  const start = html.indexOf(`data-field="${key}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("data-field=", start + 12) >>> 0 || undefined);
}

describe("messages beside their fields", () => {
  it("puts each message under its own field, marks it invalid and focuses the first", async () => {
    const browser = await signedIn(teacher);
    const csrf = await browser.csrfOf("/portal/sections/contact/new");
    const res = await browser.post(
      "/portal/sections/contact",
      { mobile: "12345", email: "不是邮箱" },
      csrf,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    const mobile = fieldBlock(html, "mobile");
    expect(mobile).toContain('data-testid="field-error-mobile"');
    expect(mobile).toMatch(/field-error-mobile"[^>]*><div>「12345」不是有效的手机号码/);
    expect(mobile).toContain('aria-invalid="true"');
    expect(mobile).toContain("autofocus");
    const email = fieldBlock(html, "email");
    expect(email).toContain('data-testid="field-error-email"');
    expect(email).not.toContain("autofocus");
    // A field without a problem carries no message and no mark.
    expect(fieldBlock(html, "address")).not.toContain("field-error");
    // The top says how many and where, instead of repeating every message.
    expect(html).toContain("有 2 处需要修改，见各栏下方的红字");
  });
});

describe("conditionally required fields", () => {
  it("says under the field when it is required, and the stylesheet marks it once that holds", async () => {
    const browser = await signedIn(teacher);
    const form = await (await browser.get("/portal/sections/education/new")).text();
    expect(form).toContain('data-section="education"');
    const css = await (await browser.get("/portal/portal.css")).text();
    // Every required_when rule whose condition is a dropdown gets a live mark, no script.
    const rules = css.match(/form\[data-section="[a-z]+"\]:has\([^{]+\{[^}]+\}/g) ?? [];
    expect(rules.length).toBeGreaterThan(0);
    const basic = await (await browser.get("/portal/records/R-U-BASIC-1/edit")).text();
    expect(fieldBlock(basic, "ethnicity")).toContain("当「国籍/地区」为“中国”时必填");
    expect(fieldBlock(basic, "ethnicity")).toContain('class="req req-when"');
    expect(css).toContain(
      'form[data-section="basic"]:has(#field-country option:checked[value="156"]) [data-field="ethnicity"] .req-when{display:inline}',
    );
  });
});

describe("what was sent, and taking it back", () => {
  it("shows the values as sent with their state, and withdraws a pending one", async () => {
    const browser = await signedIn(teacher);
    const csrf = await browser.csrfOf("/portal/sections/contact/new");
    const sent = await browser.post(
      "/portal/sections/contact",
      { mobile: "13912345678", officePhone: "0730-4221234", email: "t1@example.cn" },
      csrf,
    );
    expect(sent.status).toBe(303);
    const [queued] = await pendingSubmissions(env.DB, SCHOOL, await idCrypto);
    const me = await (await browser.get("/portal/me?done=submitted")).text();
    const block = me.slice(me.indexOf(`data-testid="submission-${queued?.id}"`));
    expect(block).toContain("13912345678");
    expect(block).toContain("0730-4221234");
    expect(block).toContain("t1@example.cn");
    expect(block).not.toContain(residentId(1));
    expect(block).toContain('data-testid="submission-withdraw"');

    // Another teacher cannot take it back.
    const intruder = await signedIn(other);
    const stolen = await intruder.post(
      `/portal/submissions/${queued?.id}/withdraw`,
      {},
      await intruder.csrfOf("/portal/me"),
    );
    expect(stolen.status).toBe(404);
    // Nor can a page elsewhere make the teacher's browser do it (no CSRF token).
    expect(
      (await browser.post(`/portal/submissions/${queued?.id}/withdraw`, {}, null)).status,
    ).toBe(403);
    expect(await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).toHaveLength(1);

    const back = await browser.post(
      `/portal/submissions/${queued?.id}/withdraw`,
      {},
      await browser.csrfOf("/portal/me"),
    );
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/portal/me?done=withdrawn");
    expect(await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).toEqual([]);
    const after = await (await browser.get("/portal/me?done=withdrawn")).text();
    expect(after).toContain("已撤回");
    const row = after.slice(after.indexOf(`data-testid="submission-${queued?.id}"`));
    expect(row.slice(0, row.indexOf("</div></div>") + 1)).not.toContain("submission-withdraw");
  });

  it("refuses to withdraw what the sync has written, or while the school's sync runs", async () => {
    const browser = await signedIn(teacher);
    const send = async () => {
      const csrf = await browser.csrfOf("/portal/sections/contact/new");
      await browser.post("/portal/sections/contact", { mobile: "13912345679" }, csrf);
      const [pending] = await pendingSubmissions(env.DB, SCHOOL, await idCrypto);
      if (pending === undefined) throw new Error("nothing queued");
      return pending.id;
    };
    const written = await send();
    await markSubmissionsWritten(env.DB, [written], new Date().toISOString());
    const late = await browser.post(
      `/portal/submissions/${written}/withdraw`,
      {},
      await browser.csrfOf("/portal/me"),
    );
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("已写入学校表格，不能撤回");

    const during = await send();
    expect(await takeLease(env.DB, SHEET, "sync-under-test", new Date())).toBe(true);
    const busy = await browser.post(
      `/portal/submissions/${during}/withdraw`,
      {},
      await browser.csrfOf("/portal/me"),
    );
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain("学校正在同步");
    expect(await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).toHaveLength(1);
  });
});
