/**
 * 学分确认 inside the two runs that already touch the county recheck spreadsheet, like the
 * approval tabs: the recheck consumer (`reconcileCountySheet`) appends the 国内培训 versions
 * whose credits wait for 教师进修学校 and shows status changes; the recheck sync
 * (`syncRecheckSheet`) records its decisions. No Google request of its own: the tab rides in the
 * run's one read and its one write. A return is shown on the school's row by the school's sync
 * (`returnedCredits`), which the recheck sync runs at once for the schools concerned.
 */
import {
  creditItems,
  creditOffice,
  markCreditRowsShown,
  recordCreditDecision,
  type StoredCreditItem,
} from "../adapters/store/credit-confirm";
import {
  CONFIRM_TITLE,
  type CreditTabPlan,
  collectCreditDecisions,
  itemKey,
  planCreditTab,
} from "../core/credits/confirm";
import type { CountyTab } from "../core/recheck/sheet";

export { creditWork, hasCreditWork, needsWrite } from "../adapters/store/credit-confirm";

export interface CreditDecided {
  readonly problems: Map<number, string>;
  readonly decided: number;
  /** Schools with credits returned now: their rows must show the reason. */
  readonly returnedSchools: readonly string[];
}

/** 教师进修学校's decisions in 学分确认, each recorded once in the audit log. */
export async function decideCredits(
  db: D1Database,
  tab: CountyTab | undefined,
  spreadsheetId: string,
  at: string,
): Promise<CreditDecided> {
  if (tab === undefined) return { problems: new Map(), decided: 0, returnedSchools: [] };
  const items = await creditItems(db);
  const byKey = new Map(items.map((item) => [itemKey(item.recordId, item.version), item]));
  const { decisions, problems } = collectCreditDecisions(tab, byKey);
  const office = creditOffice();
  const returned = new Set<string>();
  let decided = 0;
  for (const decision of decisions) {
    // The office whose protected 决定 column the tab has (provisioning's creditConfirmTab).
    const recorded = await recordCreditDecision(db, {
      ...decision,
      actor: office.key,
      at,
      spreadsheetId,
    });
    if (!recorded) continue;
    decided += 1;
    const item = byKey.get(itemKey(decision.recordId, decision.version));
    if (decision.action === "return" && item !== undefined) returned.add(item.schoolCode);
  }
  return { problems, decided, returnedSchools: [...returned] };
}

/** The 学分确认 writes for the items given, as one part of the run's single write. */
export function planCredits(
  tabs: ReadonlyMap<string, CountyTab>,
  items: readonly StoredCreditItem[],
  problems: ReadonlyMap<number, string>,
  syncText: string,
): CreditTabPlan {
  if (items.length === 0 && problems.size === 0) return { writes: [], shown: [], unusable: false };
  return planCreditTab(tabs.get(CONFIRM_TITLE), items, problems, syncText);
}

export async function markCreditsShown(db: D1Database, plan: CreditTabPlan, at: string) {
  await markCreditRowsShown(db, plan.shown, at);
}
