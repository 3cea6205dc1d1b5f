/**
 * The portal's cookies, sessions and CSRF checks.
 *
 * - The session cookie holds a random token (D1 keeps only its hash): HttpOnly, SameSite=Strict,
 *   Path=/portal, Secure everywhere but on localhost (local development runs on plain http).
 * - Every POST carries a CSRF token in a hidden field: the session's own token once signed in;
 *   before sign-in a random one that must equal the value of a separate cookie (double submit).
 *   A POST whose Origin header names another site is refused before that.
 * - The admin API's bearer token means nothing here: only the session cookie opens a page.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { timingSafeEqual } from "hono/utils/buffer";
import { type Session, sessionOf } from "../../adapters/store/portal";
import type { Env } from "../../env";

export const SESSION_COOKIE = "tmis_portal";
export const SIGN_IN_CSRF_COOKIE = "tmis_portal_csrf";
export const PORTAL_PATH = "/portal";
/** A session lasts eight hours (a working day), whatever is done in it. */
export const SESSION_LIFETIME_MS = 8 * 3_600_000;

/** A POST body as parsed once by the session guard. */
export type Body = Record<string, string | File | (string | File)[]>;
export type PortalEnv = { Bindings: Env; Variables: { session: Session; body: Body } };
export type PortalContext = Context<PortalEnv>;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLocal(c: PortalContext): boolean {
  return LOCAL_HOSTS.has(new URL(c.req.url).hostname);
}

function cookieOptions(c: PortalContext, maxAgeSeconds: number) {
  return {
    path: PORTAL_PATH,
    httpOnly: true,
    secure: !isLocal(c),
    sameSite: "Strict" as const,
    maxAge: maxAgeSeconds,
  };
}

export function sessionToken(c: PortalContext): string | undefined {
  const token = getCookie(c, SESSION_COOKIE);
  return token === undefined || token === "" ? undefined : token;
}

export async function currentSession(c: PortalContext): Promise<Session | undefined> {
  const token = sessionToken(c);
  if (token === undefined) return undefined;
  return sessionOf(c.env.DB, token, new Date().toISOString());
}

export function setSessionCookie(c: PortalContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_LIFETIME_MS / 1000));
}

export function clearSessionCookie(c: PortalContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: PORTAL_PATH, secure: !isLocal(c) });
}

/** The pre-session CSRF token of the sign-in form, set as a cookie with the page. */
export function setSignInCsrf(c: PortalContext, token: string): void {
  setCookie(c, SIGN_IN_CSRF_COOKIE, token, cookieOptions(c, 3_600));
}

export function signInCsrfCookie(c: PortalContext): string | undefined {
  return getCookie(c, SIGN_IN_CSRF_COOKIE);
}

/** An Origin header, when the browser sends one, must be this site's. */
export function sameOrigin(c: PortalContext): boolean {
  const origin = c.req.header("origin");
  return origin === undefined || origin === new URL(c.req.url).origin;
}

/** Constant-time comparison of a presented CSRF token with the expected one. */
export async function csrfMatches(presented: unknown, expected: string | undefined) {
  if (typeof presented !== "string" || presented === "" || expected === undefined) return false;
  return timingSafeEqual(presented, expected);
}

/** The client's address as Cloudflare gives it; the same key for every client without one. */
export function clientAddress(c: PortalContext): string {
  return c.req.header("cf-connecting-ip") ?? "unknown";
}
