/**
 * The demo's teacher: signs in to the portal over plain HTTP as a phone's browser would (cookies,
 * the forms' CSRF tokens, redirects), sets a password, and sends a correction of an effective
 * row. No browser is needed: the pages are server-rendered forms.
 */

/** A cookie jar and the portal's forms, for one visitor of `base`. */
export class PortalVisitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async get(path: string): Promise<{ status: number; location: string; html: string }> {
    return this.send(path, { method: "GET" });
  }

  /** A form POST; the page's CSRF token is sent as the form sends it. */
  async post(path: string, fields: readonly (readonly [string, string])[]) {
    return this.send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields.map(([k, v]) => [k, v])).toString(),
    });
  }

  private async send(path: string, init: RequestInit) {
    const res = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const value = pair.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
    return {
      status: res.status,
      location: res.headers.get("location") ?? "",
      html: await res.text(),
    };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** The hidden `_csrf` field of the page's first form. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (token === undefined) throw new Error("页面上没有表单令牌");
  return token;
}

/** The fields of a portal form as the browser would send them (inputs, ticked boxes, selects). */
export function formFields(html: string): [string, string][] {
  const form = /<form[^>]*data-testid="section-form"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (form === undefined) throw new Error("页面上没有填报表单");
  const fields: [string, string][] = [];
  for (const [, attrs = ""] of form.matchAll(/<input([^>]*)>/g)) {
    const name = attr(attrs, "name");
    const type = attr(attrs, "type") ?? "text";
    // The token goes once, first: the caller sends it.
    if (name === undefined || name === "_csrf") continue;
    if (type === "checkbox" && !/\schecked/.test(attrs)) continue;
    fields.push([name, attr(attrs, "value") ?? ""]);
  }
  for (const [, attrs = "", options = ""] of form.matchAll(
    /<select([^>]*)>([\s\S]*?)<\/select>/g,
  )) {
    const name = attr(attrs, "name");
    const chosen = [...options.matchAll(/<option([^>]*)>/g)].find(([, o = ""]) =>
      /\sselected/.test(o),
    );
    if (name !== undefined) fields.push([name, attr(chosen?.[1] ?? "", "value") ?? ""]);
  }
  return fields;
}

function attr(attrs: string, name: string): string | undefined {
  const raw = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
  return raw
    ?.replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
