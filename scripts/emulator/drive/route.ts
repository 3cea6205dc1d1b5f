import type { ApiCall, ApiRoute, HttpMethod, Reply } from "../http/router";

/**
 * Parameters Drive accepts that change nothing here: the emulator has no shared drives, and it
 * sends no e-mail.
 */
export const ignoredDriveParams = [
  "supportsAllDrives",
  "supportsTeamDrives",
  "includeItemsFromAllDrives",
  "includeTeamDriveItems",
] as const;

export function driveRoute(
  name: string,
  access: ApiRoute["access"],
  method: HttpMethod,
  path: string,
  query: readonly string[],
  handle: (call: ApiCall) => Reply,
): ApiRoute {
  return {
    name: `drive.${name}`,
    family: "drive",
    access,
    method,
    pattern: new RegExp(`^/drive/v3${path}$`),
    query,
    handle,
  };
}
