/**
 * A teacher's 电子档案 from D1: profile, effective records, review events of the person's
 * records, business requests and credits, built into the view `core/archive/view.ts` prints.
 * The county's copy decrypts the ID numbers (admin token only, audited by the caller); the
 * teacher's copy never decrypts anything.
 */
import type { IdCrypto } from "../adapters/crypto/index";
import { requestsOfPerson } from "../adapters/store/business";
import { creditInputs } from "../adapters/store/credits";
import { effectiveRecords } from "../adapters/store/export";
import { type Profile, profileOf, teacherIdNumber } from "../adapters/store/portal";
import { shownValues } from "../adapters/store/registry-values";
import {
  type ArchiveCredits,
  type ArchiveRecord,
  type ArchiveRequest,
  type ArchiveReviewEvent,
  type ArchiveView,
  archiveView,
  beijingTime,
} from "../core/archive/view";
import { KIND_LABELS, STATE_LABELS } from "../core/business/index";
import { buildLedger, CREDIT_STATUS_LABELS } from "../core/credits/ledger";
import { detailsFields, stepText } from "../core/reports/business-log";
import { templateFor } from "../core/templates";
import { shippedCountyConfig, shippedTemplates } from "../core/templates/bundle";
import { shippedCodeName } from "./business-log";
import { chinaDate } from "./summary";

/** The county's copy needs the crypto (ID in clear); the teacher's copy is built without it. */
export type ArchiveCopyOf =
  | { readonly copy: "county"; readonly crypto: IdCrypto }
  | { readonly copy: "teacher" };

const EFFECTIVE_SHOWN = `SELECT r.record_id, r.section, v.values_json
  FROM records AS r
  JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = r.effective_version
  WHERE r.person_key = ?1 AND r.removed_at IS NULL AND r.state != 'revoked'
  ORDER BY r.section, r.record_id`;

async function recordsOf(
  db: D1Database,
  profile: Profile,
  of: ArchiveCopyOf,
): Promise<ArchiveRecord[]> {
  if (of.copy === "county")
    return effectiveRecords(db, of.crypto, { personKey: profile.personKey });
  const { results } = await db
    .prepare(EFFECTIVE_SHOWN)
    .bind(profile.personKey)
    .all<{ record_id: string; section: string; values_json: string }>();
  return results.map((row) => ({
    recordId: row.record_id,
    section: row.section,
    values: shownValues(row.values_json),
  }));
}

async function eventsOf(db: D1Database, personKey: string): Promise<ArchiveReviewEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT e.record_id, r.section, e.kind, e.actor, e.at, e.detail
       FROM review_events AS e JOIN records AS r ON r.record_id = e.record_id
       WHERE r.person_key = ?1 ORDER BY e.at, e.id`,
    )
    .bind(personKey)
    .all<{
      record_id: string;
      section: string;
      kind: string;
      actor: string;
      at: string;
      detail: string;
    }>();
  return results.map((row) => ({
    recordId: row.record_id,
    section: row.section,
    kind: row.kind,
    actor: row.actor,
    at: row.at,
    detail: row.detail,
  }));
}

async function requestsOf(db: D1Database, personKey: string): Promise<ArchiveRequest[]> {
  const requests = await requestsOfPerson(db, personKey);
  return requests.map(({ request, events, initiatorSchoolName, otherSchoolName }) => ({
    id: request.id,
    kind: KIND_LABELS[request.kind],
    state: STATE_LABELS[request.state],
    steps: events.map((event) => stepText(request, event)),
    facts: [
      `学校：${initiatorSchoolName}`,
      ...(otherSchoolName === null ? [] : [`对方学校：${otherSchoolName}`]),
      ...detailsFields(request.details, shippedCodeName).map((f) => `${f.label}：${f.text}`),
    ],
  }));
}

async function creditsOf(
  db: D1Database,
  teacherNumber: string,
  now: Date,
): Promise<ArchiveCredits | undefined> {
  const year = Number(chinaDate(now).slice(0, 4));
  const { teachers, entries } = await creditInputs(db, teacherNumber);
  const [line] = buildLedger(teachers, entries, shippedCountyConfig.credits, year);
  return line === undefined
    ? undefined
    : {
        year,
        yearCredits: line.yearCredits,
        yearRequired: line.yearRequired,
        cycleCredits: line.cycleCredits,
        cycleRequired: line.cycleRequired,
        pending: line.pending,
        status: CREDIT_STATUS_LABELS[line.status],
      };
}

const OFFICES = new Map(shippedCountyConfig.offices.map((office) => [office.key, office.name]));

/** Undefined for an unknown teacher number. */
export async function teacherArchive(
  db: D1Database,
  teacherNumber: string,
  of: ArchiveCopyOf,
  now: Date,
): Promise<ArchiveView | undefined> {
  const profile = await profileOf(db, teacherNumber);
  if (profile === undefined) return undefined;
  const [records, events, requests, credits, idText] = await Promise.all([
    recordsOf(db, profile, of),
    eventsOf(db, profile.personKey),
    requestsOf(db, profile.personKey),
    creditsOf(db, teacherNumber, now),
    of.copy === "county" ? teacherIdNumber(db, profile.personKey, of.crypto) : profile.idMasked,
  ]);
  return archiveView({
    copy: of.copy,
    name: profile.name,
    teacherNumber,
    schoolName: profile.schoolName,
    schoolCode: profile.schoolCode,
    idText,
    generatedAt: beijingTime(now.toISOString()),
    sections: templateFor(shippedTemplates, profile.category).filter((s) => s.kind === "section"),
    codeTables: shippedTemplates.codeTables,
    records,
    events,
    requests,
    credits,
    offices: OFFICES,
  });
}

/** The teacher numbers of a school's teachers now (after any transfer), in number order. */
export async function schoolTeacherNumbers(db: D1Database, schoolCode: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT teacher_number FROM teachers WHERE school_code = ?1 ORDER BY teacher_number")
    .bind(schoolCode)
    .all<{ teacher_number: string }>();
  return results.map((row) => row.teacher_number);
}

/** How many records a view prints (for the audit). */
export function archiveRecordCount(view: ArchiveView): number {
  return view.sections.reduce((n, section) => n + section.records.length, 0);
}
