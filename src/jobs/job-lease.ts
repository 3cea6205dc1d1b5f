import { takeLease, whileHolding } from "../adapters/store/leases";
import { randomId } from "./dispatch";

/**
 * A cron job that must not overlap itself (the credit tabs after provisioning a county ran for
 * minutes, into the next tick, and both runs wrote the same tabs): run under a lease named for
 * the job, the spreadsheets' lease table reused, so a second run while the first still holds it
 * does nothing and says so. The first renews the lease while it works; a killed run blocks the
 * job one tick at most.
 */
export async function runAlone<T>(
  db: D1Database,
  job: string,
  now: Date,
  work: () => Promise<T>,
): Promise<T | { status: "busy" }> {
  const holder = randomId();
  if (!(await takeLease(db, `job:${job}`, holder, now))) return { status: "busy" };
  return whileHolding(db, `job:${job}`, holder, work);
}
