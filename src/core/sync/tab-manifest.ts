/**
 * The tab manifest: which sheetId provisioning gave each template tab of a school spreadsheet,
 * carried on the Drive file as `appProperties`.
 *
 * Why: the worker must read the tab provisioning protected, not whatever tab now bears its name.
 * A school's info admin can rename 联系方式 and add an unprotected look-alike under the old name
 * (with ticks in 校长审核); a read by title would trust it. App properties are private to the
 * Cloud project that set them, so no school account can change the manifest, and the worker's
 * poll lists them with the files at no extra cost.
 *
 * Drive limits each property to 124 bytes (key + value), so the manifest is split into numbered
 * chunks (`tmisTabs0`, `tmisTabs1`, …) with their count in `tmisTabs`; ids are written in base 36.
 */
import { SCHOOL_LEDGER_TITLE } from "../credits/tables";

export const MANIFEST_KEY = "tmisTabs";

/**
 * Worker-written tabs of a school spreadsheet bound in the manifest besides the template's
 * sections, so the jobs that write them know, from the sync's read, that the tab is there.
 */
export const BOUND_WORKER_TABS: readonly { readonly key: string; readonly title: string }[] = [
  { key: "creditLedger", title: SCHOOL_LEDGER_TITLE },
];
const PROPERTY_BYTES = 124;

/** Section key (`basic`, `contact`, …) → sheetId. */
export type TabManifest = ReadonlyMap<string, number>;

export function encodeTabManifest(manifest: TabManifest): Record<string, string> {
  const entries = [...manifest].map(([key, sheetId]) => `${key}:${sheetId.toString(36)}`);
  const chunks: string[] = [];
  for (const entry of entries) {
    const last = chunks.length - 1;
    const room = PROPERTY_BYTES - `${MANIFEST_KEY}${last}`.length;
    const current = chunks[last];
    if (current !== undefined && current.length + 1 + entry.length <= room) {
      chunks[last] = `${current},${entry}`;
    } else chunks.push(entry);
  }
  return {
    [MANIFEST_KEY]: String(chunks.length),
    ...Object.fromEntries(chunks.map((chunk, index) => [`${MANIFEST_KEY}${index}`, chunk])),
  };
}

/** The manifest on a file, or null when it has none (provisioned before manifests) or it is unreadable. */
export function decodeTabManifest(
  appProperties: Readonly<Record<string, string>>,
): Map<string, number> | null {
  const count = Number(appProperties[MANIFEST_KEY]);
  if (!Number.isInteger(count) || count < 1) return null;
  const manifest = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const chunk = appProperties[`${MANIFEST_KEY}${index}`];
    if (chunk === undefined) return null;
    for (const entry of chunk.split(",")) {
      const [key, id] = entry.split(":");
      const sheetId = Number.parseInt(id ?? "", 36);
      if (!key || !Number.isSafeInteger(sheetId) || sheetId < 0) return null;
      manifest.set(key, sheetId);
    }
  }
  return manifest;
}

/** A template tab as the worker reads it: by the sheetId it expects, checked against its title. */
export interface BoundTab {
  readonly key: string;
  readonly title: string;
  readonly sheetId: number;
}

export interface TabAsFound {
  readonly sheetId: number;
  /** The title the tab has now. */
  readonly title: string;
}

/** Why a template tab is not synced this time. */
export interface TabProblem {
  readonly key: string;
  readonly title: string;
  readonly sheetId: number;
  /** The tab's title now; null when no tab has the id any more. */
  readonly foundTitle: string | null;
}

/**
 * Which bound tabs may be synced: those whose sheetId still carries the template title. A tab
 * renamed (perhaps to make room for a look-alike under its name) or deleted is a problem.
 */
export function checkBoundTabs(
  bound: readonly BoundTab[],
  found: readonly TabAsFound[],
): { trusted: BoundTab[]; problems: TabProblem[] } {
  const titleNow = new Map(found.map((tab) => [tab.sheetId, tab.title]));
  const trusted: BoundTab[] = [];
  const problems: TabProblem[] = [];
  for (const tab of bound) {
    const now = titleNow.get(tab.sheetId);
    if (now === tab.title) trusted.push(tab);
    else problems.push({ ...tab, foundTitle: now ?? null });
  }
  return { trusted, problems };
}

/** The school-facing wording of a tab problem (Chinese, no personal data). */
export function tabProblemMessage(problem: TabProblem): string {
  const what =
    problem.foundTitle === null
      ? `系统建立的「${problem.title}」表已被删除`
      : `系统建立的「${problem.title}」表已被改名为「${problem.foundTitle}」`;
  return `${what}，本表暂停同步（同名的新表不会被读取，其中的勾选和内容都不算数）。请勿自行改名、删除或新建同名表；请联系县教育局重新运行建表程序恢复。`;
}

/**
 * Title → sheetId of every tab a spreadsheet's last read bound: those it trusted and those it
 * found renamed or deleted. For a spreadsheet without a manifest these first-seen ids are the
 * binding; dropping a renamed tab from them would let the next read bind its title afresh, to
 * whatever look-alike now bears it.
 */
export function idsFirstSeen(
  sheetIds: Readonly<Record<string, number>> | null,
  problems: readonly TabProblem[],
): Record<string, number> {
  return {
    ...Object.fromEntries(problems.map((problem) => [problem.title, problem.sheetId])),
    ...sheetIds,
  };
}

/** The county-facing wording of a problem with a tab of the county's own spreadsheets. */
export function countyTabProblemMessage(problem: TabProblem): string {
  const what =
    problem.foundTitle === null
      ? `系统建立的「${problem.title}」表已被删除`
      : `系统建立的「${problem.title}」表已被改名为「${problem.foundTitle}」`;
  return `${what}，该表暂停读写（同名的新表不会被读取，其中的决定都不算数）。请重新运行建表程序恢复：它把表名改回，并把同名的新表改名为「${problem.title}（非系统表）」。`;
}

/** 「联系方式」已改名为「联系方式1」, 「学习经历」已删除: a problem in a few words, for the 总览. */
export function tabProblemShort(problem: TabProblem): string {
  return problem.foundTitle === null
    ? `「${problem.title}」已删除`
    : `「${problem.title}」已改名为「${problem.foundTitle}」`;
}
