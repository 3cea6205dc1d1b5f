/** A browser as far as the portal tests need one: a cookie jar, forms with their CSRF token. */
import { env } from "cloudflare:test";
import { allocateTeacherNumbers } from "../../../src/adapters/store/registry-accounts";
import { app } from "../../../src/app";
import { idCrypto, residentId } from "../store/fixtures";

export const LOCAL = "http://localhost";

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly origin = LOCAL,
    readonly headers: Record<string, string> = {},
  ) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.headers))
      if (!headers.has(name)) headers.set(name, value);
    if (this.cookies.size > 0)
      headers.set(
        "cookie",
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      );
    const res = await app.request(`${this.origin}${path}`, { ...init, headers }, env);
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string) {
    return this.fetch(path);
  }

  /** Posts a form as a browser does, the CSRF token included unless `csrf` says otherwise. */
  async post(path: string, fields: Record<string, string | string[]>, csrf?: string | null) {
    const body = new URLSearchParams();
    if (csrf !== null) body.append("_csrf", csrf ?? "");
    for (const [name, value] of Object.entries(fields))
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  }

  /** The CSRF token of the page at `path` (its first form). */
  async csrfOf(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token === undefined) throw new Error(`no CSRF token on ${path}`);
    return token;
  }

  async signIn(teacherNumber: string, password: string): Promise<Response> {
    const csrf = await this.csrfOf("/portal/");
    return this.post("/portal/sign-in", { teacherNumber, password }, csrf);
  }

  /** Signs in with the initial password and sets `password` as the teacher's own. */
  async firstSignIn(teacherNumber: string, initial: string, password: string) {
    await this.signIn(teacherNumber, initial);
    const csrf = await this.csrfOf("/portal/password");
    const res = await this.post(
      "/portal/password",
      { currentPassword: initial, newPassword: password, confirmPassword: password },
      csrf,
    );
    if (res.headers.get("location") !== "/portal/me?done=password")
      throw new Error(`password change failed: ${res.status}`);
  }
}

export interface TestTeacher {
  readonly teacherNumber: string;
  readonly initialPassword: string;
  readonly personKey: string;
  readonly idNumber: string;
}

/** Teachers with their initial passwords, person `n` of `residentId` each. */
export async function addTeachers(
  schoolCode: string,
  ns: readonly number[],
  now = new Date().toISOString(),
): Promise<TestTeacher[]> {
  const crypto = await idCrypto;
  const persons = await Promise.all(
    ns.map(async (n) => ({
      personKey: await crypto.personKey(residentId(n)),
      name: `教师${n}`,
      schoolCode,
      idNumber: residentId(n),
    })),
  );
  const issued = await allocateTeacherNumbers(env.DB, persons, crypto, now);
  return persons.map((person) => {
    const account = issued.get(person.personKey);
    if (account?.initialPassword == null) throw new Error("no initial password issued");
    return {
      teacherNumber: account.teacherNumber,
      initialPassword: account.initialPassword,
      personKey: person.personKey,
      idNumber: person.idNumber,
    };
  });
}
