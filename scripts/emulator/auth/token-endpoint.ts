import { GrantError } from "./grant-error";
import { GOOGLE_TOKEN_URL, type ServiceAccounts } from "./service-accounts";
import type { IssuedToken, TokenIssuer } from "./tokens";

/**
 * Google's OAuth token endpoint, the two grants the project uses:
 * - `urn:ietf:params:oauth:grant-type:jwt-bearer`: a service account's signed assertion, whose
 *   audience may be this endpoint or Google's (google-auth-library always signs for Google's);
 * - `refresh_token`: for refresh tokens handed out by `POST /__emulator/token`.
 */
export async function grantToken(
  form: URLSearchParams,
  ownTokenUrl: string,
  tokens: TokenIssuer,
  accounts: ServiceAccounts,
): Promise<IssuedToken> {
  const grantType = form.get("grant_type");
  if (grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    const assertion = form.get("assertion");
    if (!assertion)
      throw new GrantError("invalid_request", "Missing required parameter: assertion");
    const { email, scopes } = await accounts.verifyGrant(assertion, [
      ownTokenUrl,
      GOOGLE_TOKEN_URL,
    ]);
    return tokens.issueAccess(email, scopes);
  }
  if (grantType === "refresh_token") {
    const refresh = form.get("refresh_token");
    if (!refresh)
      throw new GrantError("invalid_request", "Missing required parameter: refresh_token");
    const identity = tokens.verifyRefresh(refresh);
    if (!identity) throw new GrantError("invalid_grant", "Token has been expired or revoked.");
    return tokens.issueAccess(identity.email, identity.scopes);
  }
  if (!grantType) throw new GrantError("invalid_request", "Missing required parameter: grant_type");
  throw new GrantError("unsupported_grant_type", `Invalid grant_type: ${grantType}`);
}
