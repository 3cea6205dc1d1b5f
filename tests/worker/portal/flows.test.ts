import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../../src/adapters/crypto/index";
import { saveRecordResults } from "../../../src/adapters/store/record-results";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { pendingSubmissions } from "../../../src/adapters/store/submissions";
import type { RegistryChange } from "../../../src/core/sync/model";
import {
  addSchools,
  basicValues,
  creditsConfirmed,
  effectiveRecord,
  idCrypto,
  NOW,
  record,
  residentId,
} from "../store/fixtures";
import { addTeachers, Browser, type TestTeacher } from "../support/portal";

const SCHOOL = "4306231301";
const NEW_PASSWORD = "huarong2026x";

let teacher: TestTeacher;
let other: TestTeacher;

function trainingValues(idNumber: string) {
  return {
    name: "教师1",
    idNumber,
    year: "2026",
    type: "4",
    project: "县级班主任培训",
    mode: "1",
    hours: 24,
    credits: 24,
  };
}

beforeAll(async () => {
  await addSchools(SCHOOL);
  [teacher, other] = (await addTeachers(SCHOOL, [1, 2])) as [TestTeacher, TestTeacher];
  const crypto = await idCrypto;
  const states: RegistryChange[] = [
    await effectiveRecord("R-F-BASIC", SCHOOL, basicValues(residentId(1), "教师1")),
    await effectiveRecord("R-F-TRAIN", SCHOOL, trainingValues(residentId(1)), "training"),
    ...(
      [
        ["R-F-EDU-1", "education", "returned", "毕业证书编号与学校不符"],
        ["R-F-EDU-2", "education", "incomplete", null],
        ["R-F-WORK", "work", "ready", null],
        ["R-F-POST", "post", "awaiting_recheck", null],
        ["R-F-TITLE", "title", "change_pending", null],
      ] as const
    ).map(([recordId, section, state, reason]) => ({
      kind: "putRecord" as const,
      record: record(recordId, SCHOOL, { section, state, reason, personKey: teacher.personKey }),
    })),
    await effectiveRecord("R-F-OTHER", SCHOOL, basicValues(residentId(2), "教师2")),
  ];
  await applyRegistryChanges(env.DB, states, crypto, NOW);
  await env.DB.prepare("UPDATE teachers SET effective = 1").run();
  await creditsConfirmed(["R-F-TRAIN"], NOW);
  // What the school sync wrote into the sheet's 校验结果 for the 待完善 row.
  await saveRecordResults(
    env.DB,
    [
      {
        recordId: "R-F-EDU-2",
        result: `有错误，不能审核：毕业年月：必填，请填写；身份证件号：「${residentId(1)}」与基本信息不一致`,
      },
    ],
    NOW,
  );
});

describe("first sign-in", () => {
  it("opens only the password page until the teacher chooses a password", async () => {
    const browser = new Browser();
    const res = await browser.signIn(teacher.teacherNumber, teacher.initialPassword);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/portal/password");
    for (const path of [
      "/portal/me",
      "/portal/sections/contact/new",
      "/portal/records/R-F-BASIC/edit",
    ]) {
      const page = await browser.get(path);
      expect(page.status).toBe(303);
      expect(page.headers.get("location")).toBe("/portal/password");
    }
    const page = await (await browser.get("/portal/password")).text();
    expect(page).toContain("至少 8 位");
    expect(page).toContain("同时包含字母和数字");
    expect(page).toContain("不能与初始密码或当前密码相同");
  });

  it("refuses a weak password, the initial one, and a wrong current password, in Chinese", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, teacher.initialPassword);
    const csrf = await browser.csrfOf("/portal/password");
    const attempt = (currentPassword: string, newPassword: string, confirmPassword = newPassword) =>
      browser.post("/portal/password", { currentPassword, newPassword, confirmPassword }, csrf);

    const short = await attempt(teacher.initialPassword, "abc12");
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("新密码太短");
    expect(await (await attempt(teacher.initialPassword, "abcdefghij")).text()).toContain(
      "须同时包含字母和数字",
    );
    expect(
      await (await attempt(teacher.initialPassword, NEW_PASSWORD, `${NEW_PASSWORD}1`)).text(),
    ).toContain("两次输入的新密码不一致");
    const same = await attempt(teacher.initialPassword, teacher.initialPassword);
    // Initial passwords may lack a digit; either way the same password is refused.
    expect(same.status).toBe(422);
    const wrong = await attempt("not-the-password", NEW_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("当前密码不正确");
    const row = await env.DB.prepare(
      "SELECT password_changed_at, password_cleared_at FROM teachers WHERE teacher_number = ?",
    )
      .bind(teacher.teacherNumber)
      .first();
    expect(row).toEqual({ password_changed_at: null, password_cleared_at: null });
  });

  it("sets the new password, clears the initial one from the account sheet, and only the new one works", async () => {
    const browser = new Browser();
    await browser.firstSignIn(teacher.teacherNumber, teacher.initialPassword, NEW_PASSWORD);
    const me = await browser.get("/portal/me?done=password");
    expect(me.status).toBe(200);
    expect(await me.text()).toContain("初始密码已作废");

    const row = await env.DB.prepare(
      "SELECT password_hash, password_changed_at, password_cleared_at FROM teachers WHERE teacher_number = ?",
    )
      .bind(teacher.teacherNumber)
      .first<{ password_hash: string; password_cleared_at: string | null }>();
    expect(row?.password_cleared_at).not.toBeNull();
    expect(await verifyPassword(NEW_PASSWORD, row?.password_hash ?? "")).toBe(true);

    const initial = await new Browser().signIn(teacher.teacherNumber, teacher.initialPassword);
    expect(initial.status).toBe(401);
    const again = await new Browser().signIn(teacher.teacherNumber, NEW_PASSWORD);
    expect(again.headers.get("location")).toBe("/portal/me");
  });

  it("asks for a new choice after the school reissues an initial password, ending old sessions", async () => {
    await new Browser().firstSignIn(other.teacherNumber, other.initialPassword, NEW_PASSWORD);
    const signedIn = new Browser();
    await signedIn.signIn(other.teacherNumber, NEW_PASSWORD);
    expect((await signedIn.get("/portal/me")).status).toBe(200);
    // What a reset does (the 账号 tab's 重置密码 tick): a new initial password, issued now.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    await pause();
    await env.DB.prepare(
      `UPDATE teachers SET password_hash = (SELECT password_hash FROM teachers WHERE teacher_number = ?2),
         password_issued_at = ?3, password_cleared_at = NULL WHERE teacher_number = ?1`,
    )
      .bind(other.teacherNumber, teacher.teacherNumber, new Date().toISOString())
      .run();
    await pause();
    const stale = await signedIn.get("/portal/me");
    expect(stale.headers.get("location")).toBe("/portal/");
    const fresh = await new Browser().signIn(other.teacherNumber, NEW_PASSWORD);
    expect(fresh.headers.get("location")).toBe("/portal/password");
  });
});

describe("我的信息", () => {
  it("shows every section, each own row with its state, the masked ID, school and credits", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const res = await browser.get("/portal/me");
    const html = await res.text();
    expect(res.headers.get("cache-control")).toBe("no-store");
    for (const title of ["基本信息", "学习经历", "工作经历", "国内培训", "联系方式"])
      expect(html).toContain(`<h2>${title}</h2>`);
    expect(html.match(/data-testid="section-[a-z]+"/g)).toHaveLength(14);
    expect(html).toContain(teacher.teacherNumber);
    expect(html).toContain("华容县测试学校301");
    expect(html).toMatch(/参考码[0-9A-F]{8}/);
    expect(html).not.toContain(teacher.idNumber);
    expect(html).not.toContain(teacher.idNumber.slice(0, 14));

    const state = (recordId: string) =>
      new RegExp(`data-testid="record-${recordId}".*?data-testid="record-state">([^<]+)<`).exec(
        html,
      )?.[1];
    expect(state("R-F-BASIC")).toBe("已生效");
    expect(state("R-F-EDU-1")).toBe("已退回");
    expect(state("R-F-EDU-2")).toBe("待完善");
    expect(state("R-F-WORK")).toBe("待审核");
    expect(state("R-F-POST")).toBe("已审核待复核");
    expect(state("R-F-TITLE")).toBe("变更待审批");
    expect(html).toContain("变更已提交领导小组办公室审批，批准前原已生效信息仍然有效");
    expect(html).toContain("退回原因：毕业证书编号与学校不符");
    // 待完善 with the sheet's own messages, any ID number in them hidden.
    expect(html).toContain("有错误，不能审核：毕业年月：必填，请填写；身份证件号：「［已隐去］」");
    // Effective values are shown by name, not code.
    expect(html).toContain('<th scope="row">性别</th><td>女</td>');
    // Another teacher's record never appears.
    expect(html).not.toContain("R-F-OTHER");
    expect(html).not.toContain("教师2");
    // Credits from the ledger: one confirmed 24-credit training of 2026.
    expect(html).toMatch(/data-testid="credits-year">24 \/ 应修/);
  });
});

describe("forms", () => {
  it("re-renders an invalid form with the engine's Chinese messages and stores nothing", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const csrf = await browser.csrfOf("/portal/sections/contact/new");
    const res = await browser.post(
      "/portal/sections/contact",
      { mobile: "12345", email: "不是邮箱" },
      csrf,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('data-testid="form-errors"');
    // Each message sits under its own field (form-usability.test.ts has the details).
    expect(html).toContain('data-testid="field-error-mobile"');
    expect(html).toContain('data-testid="field-error-email"');
    // What was typed is kept for correction.
    expect(html).toContain('value="12345"');
    expect(await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).toEqual([]);
  });

  it("checks a row against the teacher's 基本信息 in force, as the sync does", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const csrf = await browser.csrfOf("/portal/sections/education/new");
    const res = await browser.post(
      "/portal/sections/education",
      {
        education: "21",
        eduInstitution: "湖南师范大学",
        major: "汉语言文学",
        normalMajor: "1",
        // Born 1985-06-01 (基本信息): at university aged 3.
        enrolDate: "1988-09",
        graduationDate: "2007-06",
        degreeLevel: "0",
        studyMode: "1",
      },
      csrf,
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("按“基本信息”中的出生日期 1985-06-01，当时只有3岁");
    expect(await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).toEqual([]);
  });

  it("queues a valid new row, dates in the forms people type, and lists it as pending", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const csrf = await browser.csrfOf("/portal/sections/education/new");
    const res = await browser.post(
      "/portal/sections/education",
      {
        education: "21",
        eduInstitution: "湖南师范大学",
        major: "汉语言文学",
        normalMajor: "1",
        enrolDate: "2003.9",
        graduationDate: "2007年6月",
        degreeLevel: "4",
        degreeName: "文学学士",
        studyMode: "1",
      },
      csrf,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/portal/me?done=submitted");
    const [queued, ...rest] = await pendingSubmissions(env.DB, SCHOOL, await idCrypto);
    expect(rest).toEqual([]);
    expect(queued).toMatchObject({
      teacherNumber: teacher.teacherNumber,
      section: "education",
      recordId: null,
      values: {
        name: "教师1",
        idNumber: teacher.idNumber,
        education: "21",
        enrolDate: "2003-09",
        graduationDate: "2007-06",
        eduCountry: "156",
      },
    });
    const me = await (await browser.get("/portal/me?done=submitted")).text();
    expect(me).toContain("学校下次同步时");
    expect(me).toContain(`data-testid="submission-${queued?.id}"`);
    expect(me).toContain("学习经历（新增）");
  });

  it("names the row as 基本信息 in force names the teacher", async () => {
    await env.DB.prepare("UPDATE teachers SET name = '教师一' WHERE teacher_number = ?")
      .bind(teacher.teacherNumber)
      .run();
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const csrf = await browser.csrfOf("/portal/sections/contact/new");
    const res = await browser.post("/portal/sections/contact", { mobile: "13912345678" }, csrf);
    await env.DB.prepare("UPDATE teachers SET name = '教师1' WHERE teacher_number = ?")
      .bind(teacher.teacherNumber)
      .run();
    expect(res.status).toBe(303);
    const queued = (await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).find(
      (s) => s.section === "contact",
    );
    expect(queued?.values).toMatchObject({ name: "教师1", mobile: "+8613912345678" });
  });

  it("takes a list column as ticked boxes", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const form = await (await browser.get("/portal/sections/teaching/new")).text();
    expect(form).toContain('<input type="checkbox" name="courses" value="13"');
    expect(form).toContain("可多选");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    const res = await browser.post(
      "/portal/sections/teaching",
      {
        academicYear: "2025-2026",
        term: "1",
        stage: "2",
        status: "20",
        courses: ["13", "14"],
        weeklyHours: "16",
        sideJob: "01",
      },
      csrf,
    );
    expect(res.status).toBe(303);
    const queued = (await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).find(
      (s) => s.section === "teaching",
    );
    expect(queued?.values).toMatchObject({ courses: ["13", "14"], weeklyHours: 16, term: "1" });
  });

  it("proposes a change to an effective row, starting from the values in force", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const form = await browser.get("/portal/records/R-F-TRAIN/edit");
    const html = await form.text();
    expect(form.status).toBe(200);
    expect(html).toContain('value="县级班主任培训"');
    expect(html).not.toContain(teacher.idNumber);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const res = await browser.post(
      "/portal/records/R-F-TRAIN",
      {
        year: "2026",
        type: "4",
        project: "县级班主任培训（第二期）",
        mode: "1",
        hours: "24",
        credits: "24",
      },
      csrf,
    );
    expect(res.status).toBe(303);
    const change = (await pendingSubmissions(env.DB, SCHOOL, await idCrypto)).find(
      (s) => s.recordId === "R-F-TRAIN",
    );
    // Normalised as the sync normalises a cell: full-width brackets folded, 学时 a number.
    expect(change?.values).toMatchObject({ project: "县级班主任培训(第二期)", hours: 24 });
    const me = await (await browser.get("/portal/me")).text();
    expect(me).toMatch(/data-testid="record-R-F-TRAIN".*?您已提交对本行的修改/);
  });

  it("keeps 基本信息 to one row: a second new one is refused", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    expect((await browser.get("/portal/sections/basic/new")).status).toBe(409);
    const csrf = await browser.csrfOf("/portal/me");
    const res = await browser.post("/portal/sections/basic", { name: "教师1" }, csrf);
    expect(res.status).toBe(404);
  });

  it("signs out: the session is gone from D1 and the cookie no longer opens a page", async () => {
    const browser = new Browser();
    await browser.signIn(teacher.teacherNumber, NEW_PASSWORD);
    const cookie = browser.cookies.get("tmis_portal");
    const csrf = await browser.csrfOf("/portal/me");
    const res = await browser.post("/portal/sign-out", {}, csrf);
    expect(res.headers.get("location")).toBe("/portal/");
    const replay = new Browser();
    replay.cookies.set("tmis_portal", cookie ?? "");
    expect((await replay.get("/portal/me")).headers.get("location")).toBe("/portal/");
  });
});
