import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "../errors";
import type { Identity, TokenIssuer } from "./tokens";

const SEE = "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

/** Google's two flavours of 401: nothing presented, and something presented that is not valid. */
export const missingCredentials = () =>
  new ApiError(
    "UNAUTHENTICATED",
    `Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SEE}`,
  );
export const invalidCredentials = () =>
  new ApiError(
    "UNAUTHENTICATED",
    `Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${SEE}`,
  );

/** Resolves the caller from `Authorization: Bearer …` or `?access_token=`, or throws a 401. */
export function authenticate(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  tokens: TokenIssuer,
): Identity {
  const header = headers.authorization;
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? query.get("access_token");
  if (!token) throw missingCredentials();
  const identity = tokens.verifyAccess(token);
  if (!identity) throw invalidCredentials();
  return identity;
}
