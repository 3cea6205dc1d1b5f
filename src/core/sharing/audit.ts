/**
 * Who may hold a managed spreadsheet, and who holds it without being expected to.
 *
 * Provisioning shares each spreadsheet (school, account, county recheck, summary) with the people
 * the schools CSV and county.json name, records them on the file itself (`appProperties`, one key
 * per grant: the file carries its own roster, the worker needs no copy of the schools list), takes
 * back what it recorded earlier and no longer wants, and locks sharing (`writersCanShare: false`).
 * The owner can still share, so the worker checks, once a day, every grant against the roster.
 *
 * Guarantees:
 * - expected: a grantee recorded on the file with at least the role they hold, the service
 *   account, and the owner (who provisioned the file); on a school spreadsheet, the county
 *   offices too (reading or writing). An account spreadsheet holds every initial password: there
 *   only its roster counts;
 * - everything else is reported, with the spreadsheet it is on: an unrecorded person, a recorded
 *   one holding a higher role than recorded, anyone with the link, a whole domain or group;
 * - pure: files in, findings out. Removing what provisioning never granted is left to people
 *   (README says why).
 */
import type { Grant, GrantRole } from "../provision/layout";

/** A grant as Drive lists it on a file. */
export interface FileGrant {
  readonly type: string;
  readonly role: string;
  readonly emailAddress?: string | undefined;
}

export interface AuditedFile {
  readonly id: string;
  readonly appProperties: Readonly<Record<string, string>>;
  /** Absent when Drive did not show the grants: reported, never taken for "nothing wrong". */
  readonly permissions?: readonly FileGrant[] | undefined;
}

export const SPREADSHEET_KINDS = ["school", "accounts", "recheck", "summary"] as const;
export type SpreadsheetKind = (typeof SPREADSHEET_KINDS)[number];

export interface UnexpectedGrant {
  readonly spreadsheetId: string;
  readonly kind: SpreadsheetKind;
  /** "" for the county's two spreadsheets. */
  readonly schoolCode: string;
  /** An e-mail address, or how Drive names a non-person grantee, in Chinese. */
  readonly grantee: string;
  readonly role: string;
}

export interface Trusted {
  readonly serviceAccount: string;
  /** The county offices' people. */
  readonly county: readonly string[];
}

/** Prefix of the appProperties keys holding the grants provisioning made: `tmisGrant0` … */
export const GRANT_PROPERTY_PREFIX = "tmisGrant";

/** The appProperties recording `grants` (`role:email`), one key each. */
export function grantProperties(grants: readonly Grant[]): Record<string, string> {
  return Object.fromEntries(
    grants.map((grant, i) => [`${GRANT_PROPERTY_PREFIX}${i}`, `${grant.role}:${grant.email}`]),
  );
}

const RANK: Readonly<Record<string, number>> = { reader: 1, commenter: 2, writer: 3, owner: 4 };

/** The role each recorded grantee may hold, by lower-cased e-mail. */
export function recordedGrants(
  appProperties: Readonly<Record<string, string>>,
): Map<string, GrantRole> {
  const recorded = new Map<string, GrantRole>();
  for (const [key, value] of Object.entries(appProperties)) {
    if (!key.startsWith(GRANT_PROPERTY_PREFIX)) continue;
    const [role, email] = value.split(/:(.*)/s);
    if ((role === "reader" || role === "writer") && email) recorded.set(email.toLowerCase(), role);
  }
  return recorded;
}

export function unexpectedGrants(file: AuditedFile, trusted: Trusted): UnexpectedGrant[] {
  const recorded = recordedGrants(file.appProperties);
  const kind = kindOf(file.appProperties);
  const county = kind === "school" ? trusted.county : [];
  const always = new Set([trusted.serviceAccount, ...county].map((e) => e.toLowerCase()));
  const expected = (grant: FileGrant): boolean => {
    if (grant.role === "owner") return true;
    if (grant.type !== "user" || !grant.emailAddress) return false;
    const email = grant.emailAddress.toLowerCase();
    if (always.has(email)) return true;
    const allowed = recorded.get(email);
    return allowed !== undefined && (RANK[grant.role] ?? 9) <= (RANK[allowed] ?? 0);
  };
  const finding = (grantee: string, role: string) => ({
    spreadsheetId: file.id,
    kind,
    schoolCode: file.appProperties.schoolCode ?? "",
    grantee,
    role,
  });
  if (file.permissions === undefined) return [finding(UNSEEN, "")];
  return file.permissions
    .filter((grant) => !expected(grant))
    .map((grant) => finding(granteeName(grant), grant.role));
}

/** The kind provisioning marked the file with; the worker lists only these. */
function kindOf(appProperties: Readonly<Record<string, string>>): SpreadsheetKind {
  const kind = SPREADSHEET_KINDS.find((k) => k === appProperties.tmisKind);
  return kind ?? "school";
}

/** What a file whose grants the service account may not see reports in place of a grantee. */
export const UNSEEN = "（服务账号看不到本表格的共享设置，请人工核对）";

/** How a grant's holder is named to people: the address, or what kind of grant it is. */
export function granteeName(grant: FileGrant): string {
  if (grant.type === "anyone") return "任何知道链接的人";
  if (grant.type === "domain") return "整个域";
  if (grant.type === "group") return `群组 ${grant.emailAddress ?? ""}`.trim();
  return grant.emailAddress ?? "";
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  reader: "可查看",
  commenter: "可评论",
  writer: "可编辑",
};

/** 可编辑, 可查看 …: a Drive role as Sharing shows it in Chinese. */
export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

/** `outsider@x.cn（可编辑）、任何知道链接的人（可查看）`: for the 总览 and the API. */
export function describeGrants(grants: readonly UnexpectedGrant[]): string {
  return grants
    .map((g) => (g.role === "" ? g.grantee : `${g.grantee}（${roleName(g.role)}）`))
    .join("、");
}

const KIND_NAMES: Readonly<Record<SpreadsheetKind, string>> = {
  school: "信息采集表",
  accounts: "教师账号表",
  recheck: "县级复核表",
  summary: "汇总表",
};

/** 「华容县实验小学教师账号表」, 「县级复核表」: the school's code when its name is unknown. */
export function spreadsheetName(kind: SpreadsheetKind, school: string): string {
  return `${kind === "recheck" || kind === "summary" ? "" : school}${KIND_NAMES[kind]}`;
}

/**
 * `信息采集表：outsider@x.cn（可编辑）；教师账号表：…`, one part per spreadsheet kind, for a row that
 * already says whose spreadsheets they are (a school's 总览 row, the county's totals).
 */
export function describeFindings(findings: readonly UnexpectedGrant[]): string {
  return SPREADSHEET_KINDS.flatMap((kind) => {
    const group = findings.filter((f) => f.kind === kind);
    return group.length === 0 ? [] : [`${KIND_NAMES[kind]}：${describeGrants(group)}`];
  }).join("；");
}
