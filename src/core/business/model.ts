/**
 * A business request as the core and D1 know it once its row is valid: who, what, between which
 * schools. No ID number: the person is named by the keyed `personKey`, the teacher number and
 * the name; details hold only the non-personal fields of the row.
 */
import type { PersonKey } from "../sync/model";
import type { BusinessKind, BusinessState } from "./states";

/** 调动方向 code of a transfer request: a request row is always typed by the receiving school. */
export const TRANSFER_IN = "1";
export const TRANSFER_OUT = "2";

/** 在职情况变动 codes (codes.json status_change) that the business rules single out. */
export const RESIGNED = "901";
export const RETIRED = "902";
export const DIED = "903";
/**
 * 调出县外: a transfer to a unit outside the county (去向县（市、区）, 去向单位 typed). No county
 * school receives the teacher, so it is no 调动申请 (which the receiving school starts and 调档s):
 * the sending school reports it as a status change and 人事股 approves, as the national system's
 * 教师变动 records a departure from the unit's staff with its destination.
 */
export const OUT_OF_COUNTY = "904";

/** 在职情况变动 codes that mark the person as left (codes.md): out of roster and statistics. */
export const LEAVING_CODES: ReadonlySet<string> = new Set([RESIGNED, RETIRED, DIED, OUT_OF_COUNTY]);

export function isLeavingCode(code: string): boolean {
  return LEAVING_CODES.has(code);
}

export interface TransferDetails {
  readonly kind: "transfer";
  /** Always 调入 (`TRANSFER_IN`): the receiving school starts a transfer. */
  readonly direction: typeof TRANSFER_IN;
  /** 调动日期, ISO. */
  readonly date: string;
  readonly reason: string;
}

export interface StatusChangeDetails {
  readonly kind: "status_change";
  /** 变动类型 code (status_change table). */
  readonly change: string;
  /** 变动日期, ISO. */
  readonly date: string;
  readonly reason: string;
  /** 调出县外 only: 去向县（市、区） and 去向单位, as typed. */
  readonly destinationCounty?: string;
  readonly destinationUnit?: string;
}

export interface RotationDetails {
  readonly kind: "rotation";
  /** 交流轮岗类型 code (rotation_type table). */
  readonly rotationType: string;
  /** 开始年月 / 结束年月, YYYY-MM; no end for an open-ended rotation. */
  readonly start: string;
  readonly end: string | null;
  readonly reason: string;
}

export type BusinessDetails = TransferDetails | StatusChangeDetails | RotationDetails;

/** A valid request row, ready to be opened. */
export interface BusinessRequestInput {
  readonly kind: BusinessKind;
  /** The school whose tab holds the original row (transfer: 调入学校). */
  readonly initiatorSchool: string;
  /** Transfer: 调出学校; rotation: 交流学校; status change: none. */
  readonly otherSchool: string | null;
  readonly personKey: PersonKey;
  readonly teacherNumber: string;
  readonly name: string;
  readonly details: BusinessDetails;
}

/** A request as stored, with its id (申请编号) and current state. */
export interface BusinessRequest extends BusinessRequestInput {
  readonly id: string;
  readonly state: BusinessState;
  readonly createdAt: string;
  readonly updatedAt: string;
}
