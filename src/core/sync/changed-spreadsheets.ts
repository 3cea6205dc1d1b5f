/**
 * Deciding which spreadsheets a poll cycle must sync.
 *
 * - Drive's `modifiedTime > cursor` query is asked with an overlap, because a file modified in the
 *   same instant the previous listing ran could otherwise be missed; the overlap re-lists a few
 *   files, and versions make that harmless.
 * - A file needs a sync when its Drive version is above both the version already synced and the
 *   version our own last write-back produced (our own writes are not users' changes).
 * - Only spreadsheets provisioning marked (appProperty `tmisKind`) are read: school sheets and the
 *   county recheck sheet. The summary and the schools' account spreadsheets are written, never
 *   read: the listing only tells the worker their ids. Anything else shared with the service
 *   account is none of the worker's business.
 */
import { SchoolCategory } from "../templates";
import { decodeTabManifest } from "./tab-manifest";

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

export interface SchoolTarget {
  code: string;
  name: string;
  category: SchoolCategory;
  township?: string;
  /** 主管学校 (appProperty `schoolSupervisor`, from the schools CSV). */
  supervisor?: string;
  /** 应采集人数 from the schools list; null when the list gave none (provisioned without it). */
  expectedStaff?: number | null;
}

export type SyncTarget =
  | { kind: "recheck"; tabs?: Record<string, number> }
  | { kind: "school"; school: SchoolTarget; tabs?: Record<string, number> };

/** Both spreadsheets the worker reads carry the tab manifest: the sync reads by its ids. */
export function syncTargetOf(
  appProperties: Readonly<Record<string, string>>,
): SyncTarget | undefined {
  const {
    tmisKind,
    schoolCode,
    schoolName,
    schoolCategory,
    schoolTownship,
    schoolSupervisor,
    schoolExpected,
  } = appProperties;
  const manifest = decodeTabManifest(appProperties);
  const tabs = manifest === null ? {} : { tabs: Object.fromEntries(manifest) };
  if (tmisKind === "recheck") return { kind: "recheck", ...tabs };
  const category = SchoolCategory.safeParse(schoolCategory);
  if (tmisKind === "school" && schoolCode && schoolName && category.success) {
    const school = {
      code: schoolCode,
      name: schoolName,
      category: category.data,
      ...(schoolTownship ? { township: schoolTownship } : {}),
      ...(schoolSupervisor ? { supervisor: schoolSupervisor } : {}),
      ...expectedOf(schoolExpected),
    };
    return {
      kind: "school",
      school,
      ...tabs,
    };
  }
  return undefined;
}

/**
 * `schoolExpected`: absent on a file provisioned before it (the registry keeps what it has),
 * "" when the schools list gave none (the registry clears it), else the count.
 */
function expectedOf(text: string | undefined): { expectedStaff?: number | null } {
  if (text === undefined) return {};
  return { expectedStaff: /^\d+$/.test(text) ? Number(text) : null };
}

/** The county summary spreadsheet: written by the summary job, never synced. */
export function isSummarySpreadsheet(appProperties: Readonly<Record<string, string>>): boolean {
  return appProperties.tmisKind === "summary";
}

/** A school's account spreadsheet (initial passwords): its school code, else undefined. */
export function accountsSchoolOf(
  appProperties: Readonly<Record<string, string>>,
): string | undefined {
  const { tmisKind, schoolCode } = appProperties;
  return tmisKind === "accounts" && schoolCode ? schoolCode : undefined;
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
