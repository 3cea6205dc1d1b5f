/**
 * The jobs that go by the Beijing day, run by every cron tick and every `POST /api/sync` in the
 * same order: approved requests whose date has come are completed first (dated-effects.ts), then
 * rotations' starts and ends move home schools' 人员状态 (rotation-status.ts), so a rotation
 * completed on its date by the first is seen by the second in the same run.
 *
 * Guarantees: an idle run costs two D1 queries and no Google request; both jobs are guarded in
 * D1, so a second run the same day (a tick and a manual sync) applies nothing twice. Each caller
 * decides how to run the syncs the result asks for (queued by the cron and the queued sync,
 * inline with `?wait=1`).
 */
import { idCryptoFromEnv } from "../adapters/crypto/index";
import type { Env } from "../env";
import { applyDueEffects, type DatedOutcome } from "./dated-effects";
import { type RotationStatusRun, rotationStatusesToday } from "./rotation-status";

export interface DayJobsRun {
  readonly dated: DatedOutcome;
  /** `rotations.wake`: a forced sync of each home school whose 人员状态 moved. */
  readonly rotations: RotationStatusRun;
}

export async function runDayJobs(env: Env, now: Date): Promise<DayJobsRun> {
  const dated = await applyDueEffects({ db: env.DB, crypto: await idCryptoFromEnv(env) }, now);
  const rotations = await rotationStatusesToday(env.DB, now);
  return { dated, rotations };
}
