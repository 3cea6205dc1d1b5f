import type { Access, ApiFamily } from "../auth/scopes";
import type { Identity } from "../auth/tokens";
import { ApiError, invalidArgument } from "../errors";

/**
 * The route table of the Google-facing APIs. Each route names the googleapis method it serves
 * (the name used in counters and fault filters), whether it reads or writes (quota bucket and
 * scope check), and the query parameters it understands; any other parameter is refused the way
 * Google refuses it, so a typo never passes as success.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

export interface ApiCall {
  caller: Identity;
  /** Path captures, percent-decoded. */
  params: string[];
  query: URLSearchParams;
  /** The JSON body, or undefined when none was sent. */
  body: unknown;
}

export interface ApiRoute {
  name: string;
  family: ApiFamily;
  access: Access;
  method: HttpMethod;
  pattern: RegExp;
  query: readonly string[];
  handle(call: ApiCall): Reply;
}

/** Parameters every Google API accepts; none changes what a method does. */
const SYSTEM_PARAMETERS = [
  "fields",
  "prettyPrint",
  "alt",
  "quotaUser",
  "key",
  "access_token",
  "$.xgafv",
];

export function checkQuery(route: ApiRoute, query: URLSearchParams): void {
  for (const name of new Set(query.keys())) {
    if (!route.query.includes(name) && !SYSTEM_PARAMETERS.includes(name)) {
      throw invalidArgument(
        `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
      );
    }
  }
  const alt = query.get("alt");
  if (alt !== null && alt !== "json") {
    throw new ApiError("UNIMPLEMENTED", `The emulator answers only alt=json, got alt=${alt}`);
  }
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw invalidArgument(`Invalid JSON payload received. ${(error as Error).message}`);
  }
}

/** Query helpers shared by the Sheets and Drive routes. */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidArgument(`Invalid value at '${name}' (TYPE_BOOL), "${value}"`);
}

export function integerParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value))
    throw invalidArgument(`Invalid value at '${name}' (TYPE_INT32), "${value}"`);
  return Number(value);
}
