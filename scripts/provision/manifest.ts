/**
 * `provisioned.json` in the output directory: school code → spreadsheet id and link, for people
 * and scripts. The worker does not need it (it finds the spreadsheets by their appProperties);
 * it has no timestamp, so a run that changes nothing leaves it byte for byte the same.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Provisioned } from "./provision";

export const MANIFEST_FILE = "provisioned.json";

interface Entry {
  readonly spreadsheetId: string;
  readonly url: string;
}

export interface Manifest {
  readonly schools: Record<
    string,
    Entry & { readonly name: string; readonly category: string; readonly expectedStaff?: number }
  >;
  /** School code → the school's account spreadsheet (initial passwords; system admins only). */
  readonly accounts: Record<string, Entry>;
  readonly recheck?: Entry;
  readonly summary?: Entry;
}

export function manifestOf(entries: readonly Provisioned[]): Manifest {
  const schools: Manifest["schools"] = {};
  const accounts: Manifest["accounts"] = {};
  let recheck: Entry | undefined;
  let summary: Entry | undefined;
  for (const entry of entries) {
    if (!entry.outcome.ok) continue;
    const ids = { spreadsheetId: entry.outcome.spreadsheetId, url: entry.outcome.url };
    if (entry.kind === "accounts" && entry.school) accounts[entry.school.code] = ids;
    else if (entry.school)
      schools[entry.school.code] = {
        name: entry.name,
        category: entry.school.category,
        ...(entry.school.expectedStaff === undefined
          ? {}
          : { expectedStaff: entry.school.expectedStaff }),
        ...ids,
      };
    else if (entry.kind === "recheck") recheck = ids;
    else summary = ids;
  }
  return { schools, accounts, ...(recheck ? { recheck } : {}), ...(summary ? { summary } : {}) };
}

/**
 * A run over part of the county (a schools CSV of the new schools only, or one school re-run)
 * provisions only those; the schools it leaves out are still the county's and keep their lines.
 * Returns the merged manifest and the codes kept from the previous one.
 */
export function mergeManifest(
  previous: Manifest | undefined,
  current: Manifest,
): { readonly manifest: Manifest; readonly kept: readonly string[] } {
  if (previous === undefined) return { manifest: current, kept: [] };
  const kept = Object.keys(previous.schools).filter((code) => !(code in current.schools));
  const recheck = current.recheck ?? previous.recheck;
  const summary = current.summary ?? previous.summary;
  return {
    manifest: {
      schools: { ...previous.schools, ...current.schools },
      accounts: { ...previous.accounts, ...current.accounts },
      ...(recheck ? { recheck } : {}),
      ...(summary ? { summary } : {}),
    },
    kept,
  };
}

/** The manifest a previous run left in `dir`, if any and readable. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Manifest;
    return typeof parsed.schools === "object" && typeof parsed.accounts === "object"
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, MANIFEST_FILE);
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
