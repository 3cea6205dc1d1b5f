/**
 * The data that crosses the boundary between the platform-free sync core and the registry store
 * (D1). The core reads a `SchoolRegistry`, decides, and returns `RegistryChange`s; the store loads
 * the one and applies the other in a single D1 batch. Neither side knows how the other works.
 */

import type { ReviewState } from "../review/states";
import type { SchoolCategory } from "../templates";
import type { Value } from "../validate";

/** Normalised values of one record by column key (the validation engine's output). */
export type RecordValues = Readonly<Record<string, Value>>;

/**
 * A keyed hash of a person's ID number (HMAC-SHA-256, hex). The registry never keys anything on
 * the clear ID number; the adapter computes these before the core runs.
 */
export type PersonKey = string;

export interface EffectiveVersion {
  readonly version: number;
  /** Fingerprint of `values` (see `fingerprint`), to tell an edit from a no-op. */
  readonly hash: string;
  readonly values: RecordValues;
}

export interface RegistryRecord {
  /** The worker-issued 记录编号: unique county-wide, never reused. */
  readonly recordId: string;
  readonly schoolCode: string;
  /** Section key from the templates (`basic`, `education`, …). */
  readonly section: string;
  /** The person the row belongs to; null while the row's ID number is unreadable. */
  readonly personKey: PersonKey | null;
  readonly state: ReviewState;
  /** Fingerprint of the values last read from the sheet. */
  readonly seenHash: string;
  /** Fingerprint of the values the principal approved, while that approval stands. */
  readonly approvedHash: string | null;
  /** The version in force, once the record has been effective at least once. */
  readonly effective: EffectiveVersion | null;
  /** The open change request, while state is change_pending. */
  readonly changeRequestId: string | null;
  /** Why it was returned (county) or why a change was rejected (leadership office). */
  readonly reason: string | null;
  /**
   * When the sync last found the record's row gone from the sheet (ISO); absent or null while
   * the row is there. Kept so a removal is recorded once, and the record stays for audit (an
   * effective one stays in force). Optional: added by the sync core after the store's first cut.
   */
  readonly removedAt?: string | null;
}

export interface RegistryTeacher {
  readonly personKey: PersonKey;
  /** `430623` + the county sequence; issued once, on the first valid 基本信息 row. */
  readonly teacherNumber: string;
  readonly schoolCode: string;
  /** True once the person's 基本信息 record is effective: later additions need only the principal. */
  readonly effective: boolean;
}

/** What the core needs to know from the registry to sync one school's spreadsheet. */
export interface SchoolRegistry {
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly category: SchoolCategory;
  readonly records: ReadonlyMap<string, RegistryRecord>;
  /** Teachers of this school, plus any person of this sheet known elsewhere in the county. */
  readonly teachers: ReadonlyMap<PersonKey, RegistryTeacher>;
}

export type ReviewEventKind =
  | "entered"
  | "edited"
  | "validated"
  | "approved"
  | "approval_cleared"
  | "approval_revoked"
  | "approval_withdrawn"
  | "sent_to_recheck"
  | "confirmed"
  | "returned"
  | "effective"
  | "change_requested"
  | "change_approved"
  | "change_rejected"
  | "row_removed";

/** One line of the append-only audit log (谁填报谁负责、谁审核谁负责). No personal data in `detail`. */
export interface ReviewEvent {
  readonly recordId: string;
  readonly kind: ReviewEventKind;
  /** Who: an e-mail, or a role (`principal`, `info_admin`, `personnel`, `worker`) when only that is known. */
  readonly actor: string;
  /** ISO timestamp, given to the core by the adapter. */
  readonly at: string;
  readonly spreadsheetId: string;
  /** Short, personal-data-free: a state label, a reason, finding codes. */
  readonly detail: string;
}

export interface RecheckItem {
  readonly recordId: string;
  readonly schoolCode: string;
  readonly section: string;
  /** Fingerprint of the approved values: a decision only counts for the version it saw. */
  readonly hash: string;
}

export interface ChangeRequest {
  readonly changeRequestId: string;
  readonly recordId: string;
  readonly schoolCode: string;
  readonly section: string;
  readonly baseVersion: number;
  readonly proposedHash: string;
  readonly proposed: RecordValues;
}

export type RegistryChange =
  /** Insert or replace the record's current state; `version` appends a new effective version. */
  | {
      readonly kind: "putRecord";
      readonly record: RegistryRecord;
      readonly newVersion?: EffectiveVersion;
    }
  | { readonly kind: "event"; readonly event: ReviewEvent }
  | { readonly kind: "sendToRecheck"; readonly item: RecheckItem }
  /** The record left the recheck (edited or unticked before the county decided). */
  | { readonly kind: "withdrawRecheck"; readonly recordId: string }
  | { readonly kind: "openChangeRequest"; readonly request: ChangeRequest }
  | {
      readonly kind: "closeChangeRequest";
      readonly changeRequestId: string;
      readonly outcome: "approved" | "rejected" | "superseded";
      readonly reason?: string;
    }
  | { readonly kind: "teacherEffective"; readonly personKey: PersonKey };
