/**
 * Deciding which spreadsheets a poll cycle must sync.
 *
 * - Drive's `modifiedTime > cursor` query is asked with an overlap, because a file modified in the
 *   same instant the previous listing ran could otherwise be missed; the overlap re-lists a few
 *   files, and versions make that harmless.
 * - A file needs a sync when its Drive version is above both the version already synced and the
 *   version our own last write-back produced (our own writes are not users' changes).
 * - Only spreadsheets provisioning marked (appProperty `tmisKind`) are read: school sheets and the
 *   county recheck sheet. The summary is written, never read; anything else shared with the
 *   service account is none of the worker's business.
 */

export interface ListedFile {
  id: string;
  version: number;
  modifiedTime: string;
}

export interface KnownVersions {
  syncedVersion: number;
  ownWriteVersion: number | null;
}

export const CURSOR_OVERLAP_MS = 60_000;

export type ReadKind = "school" | "recheck";

export interface SyncTarget {
  kind: ReadKind;
  schoolCode?: string;
}

export function syncTargetOf(
  appProperties: Readonly<Record<string, string>>,
): SyncTarget | undefined {
  const kind = appProperties.tmisKind;
  if (kind === "recheck") return { kind };
  if (kind === "school" && appProperties.schoolCode) {
    return { kind, schoolCode: appProperties.schoolCode };
  }
  return undefined;
}

export function queryModifiedSince(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const at = Date.parse(cursor);
  if (Number.isNaN(at)) return undefined;
  return new Date(at - CURSOR_OVERLAP_MS).toISOString();
}

export function needsSync(file: ListedFile, known: KnownVersions | undefined): boolean {
  if (!known) return true;
  return file.version > Math.max(known.syncedVersion, known.ownWriteVersion ?? 0);
}

export function nextCursor(
  cursor: string | undefined,
  files: readonly ListedFile[],
): string | undefined {
  let latest = cursor;
  for (const file of files) {
    if (latest === undefined || Date.parse(file.modifiedTime) > Date.parse(latest)) {
      latest = file.modifiedTime;
    }
  }
  return latest;
}
