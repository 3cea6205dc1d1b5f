/**
 * The home school's 人员状态 during a rotation (issue 18, item 6; docs/business-modules.md,
 * "The 205 rule"): from the first day of its 开始年月 to the last day of its 结束年月 (Beijing
 * day), a completed 交流轮岗 sets the teacher's 人员状态 to 205 暂未在本单位任职-交流轮岗; after
 * its 结束年月 the status it replaced is put back. Months, because a rotation is typed by month.
 *
 * Kept apart from the generic "effects on their date" so that the two can be joined: this module
 * only says in which phase a rotation is on a day; `adapters/store/rotation-status.ts` applies it.
 */

/** person_status code 205 (codes.json person_status): 暂未在本单位任职-交流轮岗. */
export const ROTATION_STATUS = "205";

/** What a rotation leaves behind when no status was recorded before it: 在本单位任职. */
export const ON_POST_STATUS = "100";

export type RotationPhase = "before" | "during" | "after";

/** The phase of a rotation on `today` (ISO date): `start`/`end` are YYYY-MM, end null: open. */
export function rotationPhase(start: string, end: string | null, today: string): RotationPhase {
  const month = today.slice(0, 7);
  if (month < start) return "before";
  if (end !== null && month > end) return "after";
  return "during";
}

/** A completed rotation as the daily check reads it. */
export interface RotationInForce {
  readonly requestId: string;
  readonly start: string;
  readonly end: string | null;
  /** The 205 was set (a rotation_status row exists). */
  readonly started: boolean;
  /** The previous status was put back. */
  readonly ended: boolean;
}

export type RotationStatusStep = "start" | "end";

/**
 * What is due today: set 205 for a rotation running and not yet started, put back the previous
 * status for one started and over. A rotation approved after it ended (recorded late) never
 * sets 205; one both due to start and over is not started.
 */
export function dueRotationStep(
  rotation: RotationInForce,
  today: string,
): RotationStatusStep | null {
  const phase = rotationPhase(rotation.start, rotation.end, today);
  if (!rotation.started) return phase === "during" ? "start" : null;
  return !rotation.ended && phase === "after" ? "end" : null;
}
