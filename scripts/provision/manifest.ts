/**
 * `provisioned.json` in the output directory: school code → spreadsheet id and link, for people
 * and scripts. The worker does not need it (it finds the spreadsheets by their appProperties);
 * it has no timestamp, so a run that changes nothing leaves it byte for byte the same.
 */
import { mkdir, writeFile } from "node:fs/promises";
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

export async function writeManifest(dir: string, manifest: Manifest): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, MANIFEST_FILE);
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
