/**
 * The credit log: every confirmation or return of a 国内培训 row's credits by 教师进修学校 (in
 * its recheck or in 学分确认), and every approved change that sends them back to it, with who,
 * when, and the credits before and after. The log is enough to rebuild the ledger's confirmed
 * entries: a row's credits count as they stand after its last event.
 */
import type { CreditEntry } from "./ledger";

export interface CreditEvent {
  readonly at: string;
  /**
   * Who decided: the office's key in county.json (trainingSchool = 教师进修学校); the county
   * sheet does not tell which of the office's people ticked 复核通过 or 退回.
   */
  readonly actor: string;
  /** confirmed / returned by 教师进修学校; reopened: a change approved, waiting for it again. */
  readonly kind: "confirmed" | "returned" | "reopened";
  readonly recordId: string;
  /** The record version the event is about; null when unknown. */
  readonly version: number | null;
  readonly teacherNumber: string;
  readonly name: string;
  /** 培训年度 of the values in force after the decision; null when none are. */
  readonly year: number | null;
  /** Credits in force before the decision; null when the row had none in force. */
  readonly before: number | null;
  /** Credits that count after it: null after a return of the version in force or a reopening. */
  readonly after: number | null;
  /** Why 教师进修学校 returned the credits (学分确认); null otherwise. */
  readonly reason?: string | null;
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
