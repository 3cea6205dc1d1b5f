import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Practice data lives in a state directory of its own, marked by a file, so it never mixes with
 * a real campaign's: the command refuses a directory that holds anything without the mark (a
 * real county's emulator files, D1 and secrets), and the real campaign's `.tmis` even empty,
 * since `npm start` would later take whatever is there for the county's own data.
 */
export const MARKER = "practice-county.json";
const ROOT = path.resolve(import.meta.dirname, "../..");
export const DEFAULT_PRACTICE_DIR = path.join(ROOT, ".tmis-practice");
const CAMPAIGN_DIR = path.join(ROOT, ".tmis");

interface Marker {
  readonly kind: "tmis-practice";
  /** Trainees whose schools hold their seeded rows: a re-run types only the others'. */
  readonly seededTrainees: number;
}

export type Claim =
  | { readonly ok: true; readonly seededTrainees: number }
  | { readonly ok: false; readonly problem: string };

export async function claimStateDir(dir: string, reset: boolean): Promise<Claim> {
  const resolved = path.resolve(dir);
  if (resolved === CAMPAIGN_DIR)
    return { ok: false, problem: `${resolved} 是正式使用的状态目录，练习数据不能放在这里` };
  const marker = await readMarker(resolved);
  const entries = existsSync(resolved) ? await readdir(resolved) : [];
  if (marker === undefined && entries.length > 0)
    return {
      ok: false,
      problem: `${resolved} 里已有不是练习县的数据（没有练习标记文件 ${MARKER}），练习数据不能与正式数据混在一起；请用 --state-dir 指定另一个目录`,
    };
  if (marker !== undefined && !reset) return { ok: true, seededTrainees: marker.seededTrainees };
  await rm(resolved, { recursive: true, force: true });
  await mkdir(resolved, { recursive: true });
  await markSeeded(resolved, 0);
  return { ok: true, seededTrainees: 0 };
}

export async function markSeeded(dir: string, seededTrainees: number): Promise<void> {
  const marker: Marker = { kind: "tmis-practice", seededTrainees };
  await writeFile(path.join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  const file = path.join(dir, MARKER);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<Marker>;
  return parsed.kind === "tmis-practice"
    ? { kind: parsed.kind, seededTrainees: Number(parsed.seededTrainees ?? 0) }
    : undefined;
}
