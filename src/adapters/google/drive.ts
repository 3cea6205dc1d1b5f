import { z } from "zod";
import { SPREADSHEET_KINDS } from "../../core/sharing/audit";
import type { GoogleClient } from "./client";

export const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";

const DriveFile = z.object({
  id: z.string(),
  name: z.string(),
  version: z.coerce.number().int(),
  modifiedTime: z.string(),
  /** Set by provisioning: which school (or county sheet) a spreadsheet is. */
  appProperties: z.record(z.string(), z.string()).default({}),
});
export type DriveFile = z.infer<typeof DriveFile>;

const FileList = z.object({
  files: z.array(DriveFile).default([]),
  nextPageToken: z.string().optional(),
});

/**
 * Spreadsheets the service account can see whose modifiedTime is after `since` (all of them when
 * `since` is undefined). One request per 1,000 files; with nothing changed, exactly one request.
 */
export async function listSpreadsheetsModifiedSince(
  client: GoogleClient,
  driveBaseUrl: string,
  since: string | undefined,
): Promise<DriveFile[]> {
  const clauses = [`mimeType = '${SPREADSHEET_MIME}'`, "trashed = false"];
  if (since) clauses.push(`modifiedTime > '${since}'`);
  const files: DriveFile[] = [];
  let pageToken: string | undefined;
  do {
    const url = driveUrl(driveBaseUrl, "files");
    url.searchParams.set("q", clauses.join(" and "));
    url.searchParams.set(
      "fields",
      "nextPageToken,files(id,name,version,modifiedTime,appProperties)",
    );
    url.searchParams.set("pageSize", "1000");
    if (pageToken) url.searchParams.set("pageToken", pageToken);
    const page = await client.request({
      method: "GET",
      url: url.toString(),
      schema: FileList,
      label: "drive.files.list",
    });
    files.push(...page.files);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return files;
}

/** A Drive v3 URL asking for compact JSON, as the Sheets URLs do. */
function driveUrl(driveBaseUrl: string, path: string): URL {
  const url = new URL(`drive/v3/${path}`, withSlash(driveBaseUrl));
  url.searchParams.set("prettyPrint", "false");
  return url;
}

export function withSlash(base: string): string {
  return base.endsWith("/") ? base : `${base}/`;
}

const FileVersion = z.object({ version: z.coerce.number().int() });

/** A file's Drive version (one request): each write to a spreadsheet adds one. */
export async function getFileVersion(
  client: GoogleClient,
  driveBaseUrl: string,
  fileId: string,
): Promise<number> {
  const url = driveUrl(driveBaseUrl, `files/${encodeURIComponent(fileId)}`);
  url.searchParams.set("fields", "version");
  const file = await client.request({
    method: "GET",
    url: url.toString(),
    schema: FileVersion,
    label: "drive.files.get",
  });
  return file.version;
}

const SharedFile = z.object({
  id: z.string(),
  appProperties: z.record(z.string(), z.string()).default({}),
  /** Absent when Drive does not show the caller the file's grants (see `listManagedSharing`). */
  permissions: z
    .array(
      z.object({
        type: z.string(),
        role: z.string(),
        emailAddress: z.string().optional(),
      }),
    )
    .optional(),
});
export type SharedFile = z.infer<typeof SharedFile>;

const SharedFileList = z.object({
  files: z.array(SharedFile).default([]),
  nextPageToken: z.string().optional(),
});

const MANAGED_QUERY = `(${SPREADSHEET_KINDS.map(
  (kind) => `appProperties has { key='tmisKind' and value='${kind}' }`,
).join(" or ")}) and trashed = false`;

/** Files a page of the sharing listing holds: grants make each file heavier than a poll's. */
const SHARING_PAGE = 100;

/**
 * Every managed spreadsheet (school, account, recheck, summary) with its grants, for the daily
 * sharing audit: one files.list per 100 files (five requests for the county's 200 schools), never
 * a request per file. Drive lists a file's grants only to someone who may share it, so a file
 * listed without them is one whose sharing the service account cannot see, and the audit says so.
 */
export async function listManagedSharing(
  client: GoogleClient,
  driveBaseUrl: string,
): Promise<SharedFile[]> {
  const files: SharedFile[] = [];
  let pageToken: string | undefined;
  do {
    const url = driveUrl(driveBaseUrl, "files");
    url.searchParams.set("q", MANAGED_QUERY);
    url.searchParams.set(
      "fields",
      "nextPageToken,files(id,appProperties,permissions(type,role,emailAddress))",
    );
    url.searchParams.set("pageSize", String(SHARING_PAGE));
    if (pageToken) url.searchParams.set("pageToken", pageToken);
    const page = await client.request({
      method: "GET",
      url: url.toString(),
      schema: SharedFileList,
      label: "drive.files.list",
    });
    files.push(...page.files);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return files;
}
