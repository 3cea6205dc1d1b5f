import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { timingSafeEqual } from "hono/utils/buffer";
import type { Env } from "../env";

/** The scheme name is case-insensitive (RFC 9110 §11.1); the token is not. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;

/**
 * Who the audit of clear-ID downloads (`exports`) names for a caller: there is one admin token,
 * so its label is "admin"; named tokens, when there are several, would each give their own.
 */
export const ADMIN_TOKEN_LABEL = "admin";

function unauthorized(message: string): HTTPException {
  const res = new Response(JSON.stringify({ error: message }), {
    status: 401,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "www-authenticate": 'Bearer realm="tmis-sync"',
    },
  });
  return new HTTPException(401, { res });
}

/**
 * Admin API guard. Fails closed: with no ADMIN_TOKEN configured nobody gets in. The comparison is
 * constant-time (hono hashes both sides first), so response timing says nothing about the token.
 */
export function adminAuth() {
  return createMiddleware<{ Bindings: Env }>(async function requireAdminToken(c, next) {
    const expected = c.env.ADMIN_TOKEN ?? "";
    const presented = BEARER.exec(c.req.header("authorization") ?? "")?.[1];
    if (!presented) throw unauthorized("缺少管理令牌（Authorization: Bearer …）");
    if (expected.length === 0 || !(await timingSafeEqual(presented, expected))) {
      throw unauthorized("管理令牌无效");
    }
    await next();
  });
}
