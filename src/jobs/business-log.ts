/**
 * The 业务台账 table from D1: what the summary build writes, the admin API exports and
 * `npm run report` prints, so all three agree. Three D1 reads; no Google request.
 */
import { allEvents, logRequests, type RequestFilter } from "../adapters/store/business";
import { businessLogTable, type LogCell } from "../core/reports/business-log";
import { shippedTemplates } from "../core/templates/bundle";

export async function businessLogData(
  db: D1Database,
  filter: RequestFilter = {},
): Promise<LogCell[][]> {
  const [requests, events, schools] = await Promise.all([
    logRequests(db, filter),
    allEvents(db),
    db.prepare("SELECT code, name FROM schools").all<{ code: string; name: string }>(),
  ]);
  return businessLogTable({
    requests,
    events,
    schools: new Map(schools.results.map((row) => [row.code, row.name])),
    codeName: (table, code) =>
      shippedTemplates.codeTables.get(table)?.entries.find((entry) => entry.code === code)?.name,
  });
}
