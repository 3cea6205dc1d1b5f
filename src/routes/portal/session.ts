/**
 * The portal's cookies, sessions and CSRF checks.
 *
 * - The session cookie holds a random token (D1 keeps only its hash): HttpOnly, SameSite=Strict,
 *   Path=/portal, Secure everywhere but on localhost (local development runs on plain http).
 *   The server decides when a session ends, not the cookie: eight hours after sign-in, or 30
 *   minutes after its last request, whichever comes first.
 * - Every POST carries a CSRF token in a hidden field: the session's own token once signed in;
 *   before sign-in one derived from the browser's pre-session (a random id in its own HttpOnly
 *   cookie, never in the page), so a token only opens a sign-in together with the pre-session it
 *   was issued for: not another browser's, not a pair made up. A successful sign-in ends the
 *   pre-session. A POST whose Origin header names another site is refused before that.
 * - A successful sign-in leaves a known-device cookie (a random token, D1 keeps its hash): that
 *   browser is not held by failures from other clients (core/portal/throttle.ts).
 * - The admin API's bearer token means nothing here: only the session cookie opens a page.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { timingSafeEqual } from "hono/utils/buffer";
import {
  randomToken,
  type Session,
  type SessionLimits,
  sessionOf,
  sha256Hex,
} from "../../adapters/store/portal";
import type { Env } from "../../env";

export const SESSION_COOKIE = "tmis_portal";
export const PRE_SESSION_COOKIE = "tmis_portal_pre";
export const DEVICE_COOKIE = "tmis_portal_device";
export const PORTAL_PATH = "/portal";
/** A session lasts eight hours (a working day), whatever is done in it. */
export const SESSION_LIFETIME_MS = 8 * 3_600_000;
/** A session with no request for 30 minutes is over (a phone left on a desk). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A pre-session lasts an hour: a sign-in page left open longer is reloaded. */
const PRE_SESSION_SECONDS = 3_600;
/** A known device stays known for 180 days after its last sign-in (a school year and a summer). */
export const DEVICE_LIFETIME_MS = 180 * 24 * 3_600_000;
export const SESSION_LIMITS: SessionLimits = {
  lifetimeMs: SESSION_LIFETIME_MS,
  idleMs: SESSION_IDLE_MS,
};

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
  return sessionOf(c.env.DB, token, new Date().toISOString(), SESSION_LIMITS);
}

export function setSessionCookie(c: PortalContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_LIFETIME_MS / 1000));
}

export function clearSessionCookie(c: PortalContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: PORTAL_PATH, secure: !isLocal(c) });
}

/** The browser's pre-session id, or undefined before its first sign-in page. */
export function preSessionId(c: PortalContext): string | undefined {
  const id = getCookie(c, PRE_SESSION_COOKIE);
  return id === undefined || id === "" ? undefined : id;
}

/**
 * The sign-in form's CSRF token: the browser's pre-session (opened now if it has none, so that
 * several open tabs share one) hashed with a label of its own, so the page never shows the id.
 */
export async function signInCsrf(c: PortalContext): Promise<string> {
  const id = preSessionId(c) ?? randomToken();
  setCookie(c, PRE_SESSION_COOKIE, id, cookieOptions(c, PRE_SESSION_SECONDS));
  return csrfOfPreSession(id);
}

/** The token a sign-in POST must carry: the one of the pre-session it presents, if any. */
export async function expectedSignInCsrf(c: PortalContext): Promise<string | undefined> {
  const id = preSessionId(c);
  return id === undefined ? undefined : csrfOfPreSession(id);
}

function csrfOfPreSession(id: string): Promise<string> {
  return sha256Hex(`tmis-portal-sign-in-csrf:${id}`);
}

/** Signed in: the pre-session has served its purpose. */
export function endPreSession(c: PortalContext): void {
  deleteCookie(c, PRE_SESSION_COOKIE, { path: PORTAL_PATH, secure: !isLocal(c) });
}

export function deviceToken(c: PortalContext): string | undefined {
  const token = getCookie(c, DEVICE_COOKIE);
  return token === undefined || token === "" ? undefined : token;
}

export function setDeviceCookie(c: PortalContext, token: string): void {
  setCookie(c, DEVICE_COOKIE, token, cookieOptions(c, DEVICE_LIFETIME_MS / 1000));
}

/** HTTPS to a real host: browsers may be told to use nothing else (HSTS). */
export function servedSecurely(c: PortalContext): boolean {
  return new URL(c.req.url).protocol === "https:" && !isLocal(c);
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

/**
 * The client's address as Cloudflare gives it, or undefined: a request without one is its own
 * unknown client, never pooled with others under a shared key.
 */
export function clientAddress(c: PortalContext): string | undefined {
  const address = c.req.header("cf-connecting-ip")?.trim();
  return address === undefined || address === "" ? undefined : address;
}
