/**
 * The one error type of the emulator. It carries Google's error body so the HTTP layer can answer
 * exactly as the real APIs do: `{"error": {"code", "message", "status"}}`.
 */
export type GoogleStatus =
  | "INVALID_ARGUMENT"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "UNIMPLEMENTED";

const httpCodeOf: Record<GoogleStatus, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
};

export class ApiError extends Error {
  readonly code: number;
  readonly status: GoogleStatus;

  constructor(status: GoogleStatus, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = httpCodeOf[status];
  }

  toBody(): { error: { code: number; message: string; status: GoogleStatus } } {
    return { error: { code: this.code, message: this.message, status: this.status } };
  }
}

export const invalidArgument = (message: string) => new ApiError("INVALID_ARGUMENT", message);
export const unimplemented = (message: string) => new ApiError("UNIMPLEMENTED", message);
export const permissionDenied = (message: string) => new ApiError("PERMISSION_DENIED", message);
export const notFound = (message: string) => new ApiError("NOT_FOUND", message);
