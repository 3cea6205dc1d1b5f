/**
 * Which OAuth scopes admit which calls, after Google's published tables. Enforcing them catches a
 * worker that asks for too narrow a scope before it meets the real Google.
 */
export type ApiFamily = "sheets" | "drive";
export type Access = "read" | "write";

const G = "https://www.googleapis.com/auth/";

const admits: Record<ApiFamily, Record<Access, readonly string[]>> = {
  sheets: {
    read: ["spreadsheets", "spreadsheets.readonly", "drive", "drive.readonly", "drive.file"],
    write: ["spreadsheets", "drive", "drive.file"],
  },
  drive: {
    read: ["drive", "drive.readonly", "drive.file", "drive.metadata", "drive.metadata.readonly"],
    write: ["drive", "drive.file", "drive.metadata"],
  },
};

export function scopesAdmit(scopes: readonly string[], family: ApiFamily, access: Access): boolean {
  if (scopes.includes(`${G}cloud-platform`)) return true;
  return admits[family][access].some((s) => scopes.includes(G + s));
}
