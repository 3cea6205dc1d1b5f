import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { adminHandler } from "./admin/routes";
import { authenticate } from "./auth/authenticate";
import { GrantError } from "./auth/grant-error";
import { scopesAdmit } from "./auth/scopes";
import { grantToken } from "./auth/token-endpoint";
import type { EmulatorContext } from "./context";
import { ApiError, invalidArgument, notFound, permissionDenied, unimplemented } from "./errors";
import { type ApiRoute, checkQuery, parseJsonBody, type Reply } from "./http/router";
import type { QuotaBucket } from "./quotas";

/**
 * One request in, one reply out. For the Google APIs the order of checks is Google's:
 * route → credentials → scopes → quota → (injected fault) → parameters → the method itself.
 * Counters see every request that named a real method; quota, every one that passed the scopes.
 */

export interface IncomingRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function dispatch(ctx: EmulatorContext, req: IncomingRequest): Promise<Reply> {
  try {
    const path = req.url.pathname;
    if (path.startsWith("/__emulator/"))
      return await admin(ctx, req, path.slice("/__emulator".length));
    if (path === "/token") return await token(ctx, req);
    if (path.startsWith("/upload/")) {
      throw unimplemented(`The emulator has no media upload; ${req.method} ${path} is not served`);
    }
    return await api(ctx, req);
  } catch (error) {
    return errorReply(error);
  }
}

async function api(ctx: EmulatorContext, req: IncomingRequest): Promise<Reply> {
  const path = req.url.pathname;
  const match = matchOrThrow(ctx.routes, req.method, path);
  const { route, params } = match;
  // Every route with a path capture names its spreadsheet or Drive file first.
  const fileId = params[0];
  ctx.stats.request(route.name, fileId);
  let caller: ReturnType<typeof authenticate>;
  try {
    caller = authenticate(req.headers, req.url.searchParams, ctx.tokens);
  } catch (error) {
    ctx.stats.rejected("unauthenticated");
    throw error;
  }
  ctx.stats.identity(caller.email, route.name, fileId);
  return ctx.stats.serving(caller.email, () => serve(ctx, req, route, params, caller));
}

async function serve(
  ctx: EmulatorContext,
  req: IncomingRequest,
  route: ApiRoute,
  params: string[],
  caller: ReturnType<typeof authenticate>,
): Promise<Reply> {
  if (!scopesAdmit(caller.scopes, route.family, route.access)) {
    throw permissionDenied("Request had insufficient authentication scopes.");
  }
  try {
    ctx.quotas.take(bucketOf(route), caller.email);
  } catch (error) {
    ctx.stats.rejected("quota", caller.email);
    throw error;
  }
  const fault = ctx.faults.decide(route.name, caller.email);
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.error) {
    ctx.stats.rejected("faults");
    return { ...errorReply(fault.error), headers: fault.headers };
  }
  checkQuery(route, req.url.searchParams);
  const body = parseJsonBody(req.body);
  return route.handle({ caller, params, query: req.url.searchParams, body });
}

function matchOrThrow(routes: readonly ApiRoute[], method: string, path: string) {
  let pathKnown = false;
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      pathKnown = true;
      continue;
    }
    return { route, params: found.slice(1).map(decodeSegment) };
  }
  throw notFound(
    pathKnown
      ? `Method not found: ${path} does not accept ${method}.`
      : `Method not found: the emulator serves no Google API at ${path}.`,
  );
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidArgument(`Invalid percent-encoding in the request path: ${raw}`);
  }
}

function bucketOf(route: ApiRoute): QuotaBucket {
  if (route.family === "drive") return "drive";
  return route.access === "read" ? "sheetsRead" : "sheetsWrite";
}

async function token(ctx: EmulatorContext, req: IncomingRequest): Promise<Reply> {
  if (req.method !== "POST")
    throw notFound(`Method not found: /token accepts POST, got ${req.method}.`);
  const text = req.body.toString("utf8");
  const isJson = String(req.headers["content-type"] ?? "").includes("json");
  const form = isJson ? new URLSearchParams(jsonForm(text)) : new URLSearchParams(text);
  try {
    const issued = await grantToken(form, `${ctx.url()}/token`, ctx.tokens, ctx.accounts);
    ctx.stats.tokenGranted();
    return { status: 200, body: issued };
  } catch (error) {
    if (error instanceof GrantError) return { status: 400, body: error.toBody() };
    throw error;
  }
}

function jsonForm(text: string): Record<string, string> {
  const parsed = parseJsonBody(Buffer.from(text));
  if (parsed === null || typeof parsed !== "object") return {};
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

async function admin(ctx: EmulatorContext, req: IncomingRequest, path: string): Promise<Reply> {
  const handler = adminHandler(req.method, path);
  if (!handler) {
    throw notFound(
      `The emulator has no control at ${req.method} /__emulator${path}; see scripts/emulator/README.md`,
    );
  }
  return handler(ctx, parseJsonBody(req.body));
}

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) return { status: error.code, body: error.toBody() };
  console.error("[emulator] unexpected failure:", error);
  const internal = new ApiError("INTERNAL", `Internal error in the emulator: ${String(error)}`);
  return { status: 500, body: internal.toBody() };
}
