/**
 * The credit log: every confirmation or return of a 国内培训 row by the county (教师进修学校),
 * who did it, when, and the credits in force before and after. The log is enough to rebuild
 * the ledger's confirmed entries: a row's credits in force are those after its last decision.
 */
import type { CreditEntry } from "./ledger";

export interface CreditEvent {
  readonly at: string;
  /**
   * Who decided: the office's key in county.json (trainingSchool = 教师进修学校); the county
   * sheet does not tell which of the office's people ticked 复核通过 or 退回.
   */
  readonly actor: string;
  readonly kind: "confirmed" | "returned";
  readonly recordId: string;
  readonly teacherNumber: string;
  readonly name: string;
  /** 培训年度 of the values in force after the decision; null when none are. */
  readonly year: number | null;
  /** Credits in force before the decision; null when the row had none in force. */
  readonly before: number | null;
  /** Credits in force after it (a return leaves them as they were). */
  readonly after: number | null;
}

/** The confirmed entries, from the log alone (events oldest first). */
export function confirmedEntries(log: readonly CreditEvent[]): CreditEntry[] {
  const last = new Map<string, CreditEvent>();
  for (const event of log) last.set(event.recordId, event);
  return [...last.values()].flatMap(({ teacherNumber, year, after }) =>
    year === null || after === null
      ? []
      : [{ teacherNumber, year, credits: after, confirmed: true }],
  );
}
