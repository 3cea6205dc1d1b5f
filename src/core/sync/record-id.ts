import { fingerprint } from "./fingerprint";
import type { RecordIdSeed } from "./identify";

/**
 * A 记录编号 derived from its seed: `R` + 11 base-36 characters. Deterministic on purpose — a sync
 * redone after a lost write-back issues the same ids (see identify.ts), so retries and faults
 * converge on the registry a fault-free run would build. Collisions (53-bit) are caught by
 * identify, which then asks again with the next `retry`.
 */
export function recordIdFromSeed(seed: RecordIdSeed): string {
  const id = fingerprint({
    school: seed.schoolCode,
    section: seed.section,
    values: seed.hash,
    occurrence: seed.occurrence,
    retry: seed.retry,
  });
  return `R${id.toUpperCase()}`;
}
