import { ALL_SCOPES } from "../auth/tokens";
import type { EmulatorContext } from "../context";
import { dispatch } from "../dispatch";

/**
 * A Google API call made for the page as the chosen account, through the very dispatch that
 * googleapis' requests go through: credentials, scopes, quota, injected faults, access and
 * protected ranges are checked, and a write is one Drive revision, exactly as for the worker or a
 * script. The page never reads or writes the store on its own.
 */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export async function callAs(
  ctx: EmulatorContext,
  email: string,
  method: "GET" | "POST",
  pathAndQuery: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const token = ctx.tokens.issueAccess(email, ALL_SCOPES).access_token;
  const reply = await dispatch(ctx, {
    method,
    url: new URL(pathAndQuery, "http://emulator.invalid"),
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
  });
  return { status: reply.status, body: reply.body };
}

/** Google's error message from an error body, or "" when there is none. */
export function apiMessage(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === "string" ? message : "";
}

/** `'基本信息'`: a tab title quoted as A1 notation wants it (the whole tab). */
export function quotedTitle(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** `'基本信息'!A2` for 0-based row and column. */
export function a1(title: string, row: number, col: number): string {
  return `${quotedTitle(title)}!${columnLetters(col)}${row + 1}`;
}

export function columnLetters(col: number): string {
  let out = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}
