/**
 * Finding and creating the managed spreadsheets through Drive. What a spreadsheet is for lives
 * on the file as `appProperties` (tmisKind, schoolCode, schoolCategory, templateVersion), so one
 * `files.list` finds every managed spreadsheet: here, to make re-runs idempotent, and in the
 * worker, to know every school's spreadsheet id with the request it makes anyway, on Google and
 * on the emulator alike.
 *
 * Every managed file is created with `writersCanShare: false` (an older file gets it on the next
 * run): school staff write in their spreadsheet but cannot share it; only the owner can.
 */
import type { drive_v3 } from "googleapis";
import type { ExistingPermission } from "../../src/core/provision/index";
import { GRANT_PROPERTY_PREFIX } from "../../src/core/sharing/audit";
import { type RetryOptions, withRetry } from "./retry";

export const SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet";
export const KINDS = ["school", "accounts", "recheck", "summary"] as const;
export type Kind = (typeof KINDS)[number];

export interface ManagedFile {
  readonly id: string;
  readonly url: string;
  readonly appProperties: Readonly<Record<string, string>>;
  readonly permissions: readonly ExistingPermission[];
  readonly writersCanShare: boolean;
}

/** Which file a target is: its kind, and for a school its code. */
export interface FileKey {
  readonly tmisKind: Kind;
  readonly schoolCode?: string;
}

const FILE_FIELDS =
  "id,webViewLink,appProperties,writersCanShare,permissions(id,type,emailAddress,role)";

export function keyQuery(key: FileKey): string {
  const has = (k: string, v: string) => `appProperties has { key='${k}' and value='${v}' }`;
  const parts = [has("tmisKind", key.tmisKind)];
  if (key.schoolCode !== undefined) parts.push(has("schoolCode", key.schoolCode));
  return [...parts, "trashed = false"].join(" and ");
}

/** Every managed spreadsheet the caller can see, oldest first (the oldest wins a duplicate). */
export async function listManaged(
  drive: drive_v3.Drive,
  retry: RetryOptions,
  q = `(${KINDS.map((k) => `appProperties has { key='tmisKind' and value='${k}' }`).join(" or ")}) and trashed = false`,
): Promise<ManagedFile[]> {
  const files: ManagedFile[] = [];
  let pageToken: string | undefined;
  do {
    const token = pageToken;
    const { data } = await withRetry(
      () =>
        drive.files.list({
          q,
          orderBy: "createdTime",
          pageSize: 100,
          fields: `nextPageToken,files(${FILE_FIELDS})`,
          ...(token === undefined ? {} : { pageToken: token }),
        }),
      retry,
    );
    files.push(...(data.files ?? []).map(managedFile));
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken !== undefined);
  return files;
}

export function matches(file: ManagedFile, key: FileKey): boolean {
  return (
    file.appProperties.tmisKind === key.tmisKind &&
    (key.schoolCode === undefined || file.appProperties.schoolCode === key.schoolCode)
  );
}

/**
 * Creates the spreadsheet with its appProperties in one request, so no run can leave an
 * unmarked file behind. A retried create first looks for the file the failed attempt may have
 * made after all, so a 5xx never leads to a duplicate.
 */
export async function createManaged(
  drive: drive_v3.Drive,
  name: string,
  appProperties: Record<string, string>,
  key: FileKey,
  retry: RetryOptions,
): Promise<ManagedFile> {
  let tried = false;
  return withRetry(async () => {
    if (tried) {
      const [found] = await listManaged(drive, { ...retry, attempts: 1 }, keyQuery(key));
      if (found !== undefined) return found;
    }
    tried = true;
    const { data } = await drive.files.create({
      requestBody: { name, mimeType: SPREADSHEET_MIME, appProperties, writersCanShare: false },
      fields: FILE_FIELDS,
    });
    return managedFile(data);
  }, retry);
}

/**
 * Brings the file's appProperties and sharing lock up to date; true when it had to write. Grant
 * keys no longer wanted (a person left the roster) are removed, as Drive does for a null value.
 */
export async function updateAppProperties(
  drive: drive_v3.Drive,
  file: ManagedFile,
  wanted: Record<string, string>,
  retry: RetryOptions,
): Promise<boolean> {
  const gone = Object.keys(file.appProperties).filter(
    (k) => k.startsWith(GRANT_PROPERTY_PREFIX) && !(k in wanted),
  );
  const stale =
    gone.length > 0 ||
    file.writersCanShare ||
    Object.entries(wanted).some(([k, v]) => file.appProperties[k] !== v);
  if (!stale) return false;
  // googleapis types appProperties as strings only; Drive removes a key sent as null.
  const appProperties = {
    ...wanted,
    ...Object.fromEntries(gone.map((k) => [k, null])),
  } as Record<string, string>;
  await withRetry(
    () =>
      drive.files.update({
        fileId: file.id,
        requestBody: { appProperties, writersCanShare: false },
        fields: "id",
      }),
    retry,
  );
  return true;
}

function managedFile(data: drive_v3.Schema$File): ManagedFile {
  const id = data.id ?? "";
  return {
    id,
    url: data.webViewLink ?? `https://docs.google.com/spreadsheets/d/${id}/edit`,
    appProperties: Object.fromEntries(
      Object.entries(data.appProperties ?? {}).filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    ),
    permissions: (data.permissions ?? []).map((p) => ({
      id: p.id ?? "",
      type: p.type ?? "",
      emailAddress: p.emailAddress ?? "",
      role: p.role ?? "",
    })),
    // Drive's default is true: a file that does not say is open.
    writersCanShare: data.writersCanShare !== false,
  };
}
