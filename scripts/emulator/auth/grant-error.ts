/**
 * A refusal from the OAuth token endpoint. Google answers these not with its API error envelope
 * but with RFC 6749's flat `{"error", "error_description"}`, which is what google-auth-library
 * and the worker parse.
 */
export type GrantErrorCode =
  | "invalid_request"
  | "invalid_grant"
  | "invalid_scope"
  | "unauthorized_client"
  | "unsupported_grant_type";

export class GrantError extends Error {
  constructor(
    readonly error: GrantErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = "GrantError";
  }

  toBody(): { error: GrantErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}
