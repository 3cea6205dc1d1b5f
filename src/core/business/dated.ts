/**
 * Effects on their date (docs/business-modules.md "Dates"): an approved request whose date lies
 * ahead of the Beijing day waits in `scheduled` (已批准待生效) and the daily job completes it on
 * that date. Pure: the day is passed in (the worker's clock, on the Beijing day).
 *
 * Guarantees:
 * - a step that would complete a request lands in `scheduled` instead while the request's date
 *   is ahead of today; any other step is unchanged;
 * - a request is due on its date and every day after (a job that missed a day catches up);
 * - a date back in time completes at once: the registry records the typed date, nothing else is
 *   recomputed for the days before.
 */
import type { BusinessRequest } from "./model";
import type { BusinessState } from "./states";

/** The ISO day the request's effects belong to: 调动日期, 变动日期, a rotation's first day. */
export function effectiveDay(request: Pick<BusinessRequest, "details">): string {
  const d = request.details;
  switch (d.kind) {
    case "transfer":
    case "status_change":
      return d.date;
    case "rotation":
      // 开始年月 is a month: the rotation starts on its first day.
      return d.start.length === 7 ? `${d.start}-01` : d.start;
  }
}

/** The request's date lies ahead of `today` (ISO day, Beijing). */
export function isDatedAhead(request: Pick<BusinessRequest, "details">, today: string): boolean {
  return effectiveDay(request) > today;
}

/** The state a step reaches: a completion of a request dated ahead waits for its date. */
export function datedNext(
  request: Pick<BusinessRequest, "details">,
  next: BusinessState,
  today: string,
): BusinessState {
  return next === "completed" && isDatedAhead(request, today) ? "scheduled" : next;
}

/** The scheduled requests whose date has come, oldest date first. */
export function dueRequests<T extends Pick<BusinessRequest, "details" | "state">>(
  requests: readonly T[],
  today: string,
): T[] {
  return requests
    .filter((request) => request.state === "scheduled" && !isDatedAhead(request, today))
    .sort((a, b) => effectiveDay(a).localeCompare(effectiveDay(b)));
}

/** 「已批准待生效（2027-02-01 生效）」: the state with its date, for the log and the county tab. */
export function datedStateText(
  request: Pick<BusinessRequest, "details" | "state">,
  label: string,
): string {
  return request.state === "scheduled" ? `${label}（${effectiveDay(request)} 生效）` : label;
}

/** The Beijing day (UTC+8) of an instant: the day every business date is compared with. */
export function beijingDay(at: Date | string): string {
  const time = typeof at === "string" ? Date.parse(at) : at.getTime();
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 10);
}
