/**
 * The training-credit ledger's outputs: the tables the summary build and the admin API share,
 * and the schools' 学分台账 tabs, written from the cron.
 *
 * Why a job of its own rather than part of each school's sync: a school's numbers change when
 * 教师进修学校 confirms a row (a county-sheet decision, applied by the school sync of that school)
 * and also when the year turns or the rule in county.json changes, when no school syncs at all.
 * One job that compares each school's table with what its tab shows covers every cause the same
 * way, and keeps the sync core untouched.
 *
 * Costs (Sheets requests), per cron cycle:
 * - registry and year unchanged since the last run: none (two D1 reads);
 * - otherwise: one values.batchUpdate per school whose table differs from what its tab shows
 *   (fingerprints kept in D1, table credit_tabs), none for the others. The write is recorded as
 *   our own Drive revision, so it does not wake the school's sync.
 */
import type { Google } from "../adapters/google/index";
import { batchUpdateValues, wholeTab } from "../adapters/google/sheets";
import { creditInputs, creditTabStates, recordCreditTab } from "../adapters/store/credits";
import { registryMarker } from "../adapters/store/summary";
import { getCursor, setCursor } from "../adapters/store/sync-state";
import { buildLedger, type TeacherCredits } from "../core/credits/ledger";
import {
  type CreditCell,
  countyLedgerTable,
  creditsTable,
  SCHOOL_LEDGER_TITLE,
  type SchoolName,
  schoolLedgerTable,
} from "../core/credits/tables";
import { fingerprint } from "../core/sync/fingerprint";
import { shippedCountyConfig } from "../core/templates/bundle";

export interface CreditsData {
  /** The 培训年度 judged: the county date's year. */
  readonly year: number;
  readonly lines: readonly TeacherCredits[];
  readonly schools: readonly SchoolName[];
  /** The summary's 学分 tab. */
  readonly table: CreditCell[][];
  /** The summary's county-wide 学分台账 (教师编号 and 姓名, never an ID number). */
  readonly ledger: CreditCell[][];
}

/** The ledger judged for the 培训年度 `year`. Three D1 reads; no Google request. */
export async function creditsData(db: D1Database, year: number): Promise<CreditsData> {
  const { teachers, entries, schools } = await creditInputs(db);
  const lines = buildLedger(teachers, entries, shippedCountyConfig.credits, year);
  return {
    year,
    lines,
    schools,
    table: creditsTable(lines, schools, year),
    ledger: countyLedgerTable(lines, schools),
  };
}

/** What the last run of the tab job saw: JSON of the registry marker and the year. */
const TABS_CURSOR = "credits.tabs";

export interface CreditTabsOutcome {
  status: "unchanged" | "written";
  /** Schools whose tab was rewritten. */
  written: number;
  /** Schools whose spreadsheet lacks the tab (provisioned before it existed). */
  missingTab: number;
}

/**
 * Brings every school's 学分台账 up to date. The cursor is stored only after every write, so a
 * failed run is redone by the next cron; schools already written are then skipped by fingerprint.
 */
export async function writeCreditTabs(
  db: D1Database,
  google: Google,
  day: string,
  now: Date,
): Promise<CreditTabsOutcome> {
  const seen = `${await registryMarker(db)}:${day.slice(0, 4)}`;
  if ((await getCursor(db, TABS_CURSOR)) === seen)
    return { status: "unchanged", written: 0, missingTab: 0 };
  const [data, states] = await Promise.all([
    creditsData(db, Number(day.slice(0, 4))),
    creditTabStates(db, SCHOOL_LEDGER_TITLE),
  ]);
  let written = 0;
  for (const state of states) {
    if (!state.hasTab) continue;
    const table = schoolLedgerTable(data.lines.filter((l) => l.schoolCode === state.schoolCode));
    const hash = fingerprint({ table: JSON.stringify(table) });
    if (state.written?.hash === hash) continue;
    // Blank rows below a shorter table: a teacher who moved away must not stay listed.
    const blank = Array.from({
      length: Math.max(0, (state.written?.rowCount ?? 0) - table.length),
    });
    const values = [...table, ...blank.map(() => table[0]?.map(() => "") ?? [])];
    await batchUpdateValues(google.client, google.sheetsBaseUrl, state.spreadsheetId, [
      { range: `${wholeTab(SCHOOL_LEDGER_TITLE)}!A1`, values },
    ]);
    await recordCreditTab(db, { ...state, hash, rowCount: table.length }, now.toISOString());
    written += 1;
  }
  await setCursor(db, TABS_CURSOR, seen, now.toISOString());
  const missingTab = states.filter((s) => !s.hasTab).length;
  return { status: "written", written, missingTab };
}
