/**
 * What a request does to the registry when it reaches a state (docs/business-modules.md,
 * "Effects"). Only completion has effects; every other step only moves the request.
 *
 * Guarantees:
 * - a transfer moves the person (teacher, claim, every record) to the receiving school and
 *   deletes nothing, and moves the teacher's account with them: the 账号 row to the receiving
 *   school's account spreadsheet, so that only its system admin can reset the password (and end
 *   the teacher's sessions); the password itself is kept, not reset;
 * - a status change sets the person's status, a leaving code (901 离职, 902 退休, 903 死亡)
 *   marking the person as left;
 * - a rotation adds one effective 交流轮岗 record at the initiating school, 是否调动人事关系 否;
 * - a transfer whose 调动原因 begins with 交流轮岗 (`isRotationTransfer`: a rotation that changes the
 *   personnel relationship runs the transfer flow, as the notice says) also adds that record, at
 *   the receiving school, 是否调动人事关系 是, from the 调动日期's month, open-ended.
 */
import { fingerprint } from "../sync/fingerprint";
import type { PersonKey, RecordValues } from "../sync/model";
import { type BusinessRequest, isLeavingCode } from "./model";
import type { BusinessState } from "./states";

export type RegistryEffect =
  | {
      readonly kind: "movePerson";
      readonly personKey: PersonKey;
      readonly fromSchool: string;
      readonly toSchool: string;
    }
  | {
      /** The 账号 row: out of the sending school's account spreadsheet, into the receiving one's. */
      readonly kind: "moveAccount";
      readonly personKey: PersonKey;
      readonly fromSchool: string;
      readonly toSchool: string;
    }
  | {
      readonly kind: "setStatus";
      readonly personKey: PersonKey;
      readonly code: string;
      readonly since: string;
      readonly left: boolean;
    }
  | {
      readonly kind: "addRotation";
      readonly personKey: PersonKey;
      readonly schoolCode: string;
      /** The 交流学校 (交流轮岗单位). */
      readonly otherSchool: string;
      readonly rotationType: string;
      readonly start: string;
      readonly end: string | null;
      /** 是否调动人事关系 是: a transfer that is a rotation; the record is the receiving school's. */
      readonly transferRelation?: true;
    };

/** How a school says a transfer is a rotation that changes the personnel relationship. */
export const ROTATION_TRANSFER_PREFIX = "交流轮岗";

/** A transfer whose 调动原因 begins with 交流轮岗 (e.g. 「交流轮岗（城乡交流）」). */
export function isRotationTransfer(reason: string): boolean {
  return reason.trim().startsWith(ROTATION_TRANSFER_PREFIX);
}

/** 交流轮岗类型 of such a transfer's record: 县域内交流轮岗 (rotation_type 1). */
const IN_COUNTY_ROTATION = "1";

export function effectsOf(request: BusinessRequest, next: BusinessState): RegistryEffect[] {
  if (next !== "completed") return [];
  const details = request.details;
  switch (details.kind) {
    case "transfer": {
      if (request.otherSchool === null) return [];
      const move = {
        personKey: request.personKey,
        fromSchool: request.otherSchool,
        toSchool: request.initiatorSchool,
      };
      const moves: RegistryEffect[] = [
        { kind: "movePerson", ...move },
        { kind: "moveAccount", ...move },
      ];
      if (!isRotationTransfer(details.reason)) return moves;
      return [
        ...moves,
        {
          kind: "addRotation",
          personKey: request.personKey,
          schoolCode: request.initiatorSchool,
          otherSchool: request.otherSchool,
          rotationType: IN_COUNTY_ROTATION,
          start: details.date.slice(0, 7),
          end: null,
          transferRelation: true,
        },
      ];
    }
    case "status_change":
      return [
        {
          kind: "setStatus",
          personKey: request.personKey,
          code: details.change,
          since: details.date,
          left: isLeavingCode(details.change),
        },
      ];
    case "rotation":
      return request.otherSchool === null
        ? []
        : [
            {
              kind: "addRotation",
              personKey: request.personKey,
              schoolCode: request.initiatorSchool,
              otherSchool: request.otherSchool,
              rotationType: details.rotationType,
              start: details.start,
              end: details.end,
            },
          ];
  }
}

/** 是否调动人事关系 (yes_no): only a transfer that is a rotation changes it. */
const NO = "0";
const YES = "1";

/**
 * The values of the 交流轮岗 record a completed rotation adds, keyed like the `rotation`
 * section's columns and normalised like a sheet row (codes, YYYY-MM; a blank 结束年月 absent).
 */
export function rotationValues(
  effect: Extract<RegistryEffect, { kind: "addRotation" }>,
  person: { readonly name: string; readonly idNumber: string },
  schoolNames: { readonly school: string; readonly other: string },
): RecordValues {
  return {
    name: person.name,
    idNumber: person.idNumber,
    type: effect.rotationType,
    transferRelation: effect.transferRelation === true ? YES : NO,
    start: effect.start,
    ...(effect.end === null ? {} : { end: effect.end }),
    // A transfer's record is the receiving school's: the teacher came from the other one.
    originalUnit: effect.transferRelation === true ? schoolNames.other : schoolNames.school,
    rotationUnit: effect.transferRelation === true ? schoolNames.school : schoolNames.other,
  };
}

/** The 记录编号 of the record a rotation request adds: one per request, stable on redelivery. */
export function rotationRecordId(requestId: string): string {
  return `R${fingerprint({ businessRequest: requestId }).toUpperCase()}`;
}
