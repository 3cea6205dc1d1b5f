/**
 * Where the other school of a request (counterpart: the 调出学校 of a transfer, the 交流学校 of a
 * rotation, the 主管学校 of a supervised status change) stands in its flow: whether it has been
 * asked, whether it is its turn, whether it agreed. One machinery for the three: the worker
 * writes the request's row into the other school's request tab from the moment it is asked, and
 * keeps it there while the request is open (docs/business-modules.md, "Parties").
 */
import type { BusinessRequest } from "./model";
import { type BusinessState, flowOf, transition } from "./states";

/**
 * The states in which the counterpart was asked and agreed, by kind (terminal aside): 调档
 * (archive_review) and an approval waiting for its date (scheduled) come after its step.
 */
const AGREED: Readonly<Record<BusinessRequest["kind"], readonly BusinessState[]>> = {
  transfer: ["release_review", "archive_review", "scheduled"],
  rotation: ["county_review", "scheduled"],
  status_change: ["county_review", "scheduled"],
};

/** Whether the request has another school that is asked (a status change only with a 主管学校). */
export function hasCounterpart(request: BusinessRequest): boolean {
  return request.otherSchool !== null;
}

/** The counterpart's principal may confirm or refuse now. */
export function counterpartsTurn(request: BusinessRequest): boolean {
  return (
    hasCounterpart(request) &&
    transition(request.kind, request.state, "confirm", "counterpart", flowOf(request)).ok
  );
}

/** The counterpart agreed (its step is behind the request), completed requests included. */
export function counterpartAgreed(request: BusinessRequest): boolean {
  return (
    hasCounterpart(request) &&
    (request.state === "completed" || AGREED[request.kind].includes(request.state))
  );
}

/** From the counterpart's turn until the request closes, its row is on the other school's sheet. */
export function counterpartAsked(request: BusinessRequest): boolean {
  return counterpartsTurn(request) || (counterpartAgreed(request) && request.state !== "completed");
}

/**
 * A completed rotation is shown at the 交流学校 while it runs (read-only: its row there is the
 * worker's and is written back if edited): from its approval until its 结束年月 is over (an
 * open-ended rotation as long as it is in force). `today` is the Beijing day, ISO.
 */
export function rotationRunning(request: BusinessRequest, today: string): boolean {
  const d = request.details;
  if (request.state !== "completed" || d.kind !== "rotation") return false;
  return d.end === null || today.slice(0, 7) <= d.end;
}
