import { invalidArgument } from "../errors";
import { type ApiRoute, booleanParam, integerParam, ok } from "../http/router";
import type { Store } from "../store/store";
import { defaultFields, driveMask, FILE, masked, renderFile, type WebBase } from "./resources";
import { driveRoute, ignoredDriveParams } from "./route";

/**
 * The change feed. Page tokens are change numbers: `getStartPageToken` hands out the next one,
 * and `list` returns every change from the token on that the caller may see, each carrying the
 * file as it is now (as Drive does), with `newStartPageToken` on the last page.
 */

const CHANGE = {
  kind: true,
  changeType: true,
  type: true,
  time: true,
  removed: true,
  fileId: true,
  file: FILE,
} as const;

const LIST_PARAMS = [
  "pageToken",
  "pageSize",
  "includeRemoved",
  "restrictToMyDrive",
  "spaces",
  ...ignoredDriveParams,
];

export function changeRoutes(store: Store, web: WebBase): ApiRoute[] {
  return [
    driveRoute(
      "changes.getStartPageToken",
      "read",
      "GET",
      "/changes/startPageToken",
      ignoredDriveParams,
      (call) => {
        const mask = driveMask(
          call.query,
          { kind: true, startPageToken: true },
          "kind,startPageToken",
        );
        return ok(
          masked(
            { kind: "drive#startPageToken", startPageToken: String(store.startPageToken()) },
            mask,
          ),
        );
      },
    ),
    driveRoute("changes.list", "read", "GET", "/changes", LIST_PARAMS, (call) => {
      const email = call.caller.email;
      const mask = driveMask(
        call.query,
        { kind: true, nextPageToken: true, newStartPageToken: true, changes: CHANGE },
        defaultFields.changes,
      );
      const token = call.query.get("pageToken") ?? "";
      if (!/^\d+$/.test(token)) {
        throw invalidArgument(`Invalid Value: pageToken "${token}" is not a change page token`);
      }
      const pageSize = integerParam(call.query, "pageSize") ?? 100;
      if (pageSize < 1 || pageSize > 1000) {
        throw invalidArgument(`Invalid Value: pageSize must be 1 to 1000, got ${pageSize}`);
      }
      const spaces = call.query.get("spaces");
      if (spaces !== null && spaces !== "drive") {
        throw invalidArgument(`Invalid Value: spaces must be drive, got ${spaces}`);
      }
      const includeRemoved = booleanParam(call.query, "includeRemoved") ?? true;
      const all = store
        .changesSince(Number(token), email)
        .filter((c) => includeRemoved || !c.removed);
      const page = all.slice(0, pageSize);
      const rest = all[pageSize];
      const changes = page.map((c) => {
        const file = store.file(c.fileId);
        return {
          kind: "drive#change",
          changeType: "file",
          type: "file",
          time: c.time,
          removed: c.removed || !file,
          fileId: c.fileId,
          ...(file && !c.removed ? { file: renderFile(store, file, email, web) } : {}),
        };
      });
      const paging = rest
        ? { nextPageToken: String(rest.id) }
        : { newStartPageToken: String(store.startPageToken()) };
      return ok(masked({ kind: "drive#changeList", ...paging, changes }, mask));
    }),
  ];
}
