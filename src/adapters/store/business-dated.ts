/**
 * D1 reads and clean-up for the daily job that applies approved requests on their date
 * (`jobs/dated-effects.ts`). The step itself goes through `applyTransition`.
 */
import type { BusinessRequest } from "../../core/business/index";
import { fromRequestRow, type RequestRow } from "./business";

/** Every request waiting for its date: the one query an idle tick makes. */
export async function scheduledRequests(db: D1Database): Promise<BusinessRequest[]> {
  const { results } = await db
    .prepare("SELECT * FROM business_requests WHERE state = 'scheduled' ORDER BY id")
    .all<RequestRow>();
  return results.map(fromRequestRow);
}

/** A due step that did not land owes its schools nothing: the next tick tries it again. */
export async function forgetOwedSyncs(db: D1Database, requestId: string, at: string) {
  await db
    .prepare("DELETE FROM business_county_syncs WHERE request_id = ?1 AND decided_at = ?2")
    .bind(requestId, at)
    .run();
}
