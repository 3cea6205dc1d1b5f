import type { Store } from "../store/store";

/**
 * Everyone the emulator knows from its files' sharing, each with the role a trainee would call
 * them by. Nothing records roles as such, so they are read from what provisioning leaves behind:
 * a protected range's description names who may edit it (「校长审核」列：仅校长可勾选 → its
 * editors are 校长), the school spreadsheet's other writers are 信息管理员 and its readers
 * 信息查询员, and the owner is whoever provisioned. Service accounts are machines, not people to
 * play, so they are left out.
 */
export interface Account {
  email: string;
  role: string;
  /** The school's name and code, or 县级 for county people. */
  group: string;
  /** Sort key: county first, then schools by code. */
  order: string;
}

export const COUNTY_GROUP = "县级";
const OWNER_ROLE = "表格所有者（县级管理员）";
const INFO_ADMIN = "信息管理员";
const VIEWER = "信息查询员";
const ROLE_ORDER = [
  INFO_ADMIN,
  "校长",
  "系统管理员",
  VIEWER,
  "人事股",
  "教师进修学校",
  "领导小组办公室",
  OWNER_ROLE,
];
/** 「X」列：仅校长可勾选 / 仅人事股填写 / 仅学校系统管理员可勾选; 仅系统… names the worker. */
const ROLE_IN_DESCRIPTION = /仅(.+?)(?:可勾选|可填写|填写|可修改)/;

interface Seen {
  roles: Set<string>;
  schoolWriter: boolean;
  schoolReader: boolean;
  school?: { code: string; name: string };
}

export function knownAccounts(store: Store, machines: readonly string[]): Account[] {
  const skip = new Set(machines.map((m) => m.toLowerCase()));
  const seen = new Map<string, Seen>();
  const entry = (email: string): Seen | undefined => {
    if (skip.has(email.toLowerCase())) return undefined;
    const found = seen.get(email) ?? { roles: new Set(), schoolWriter: false, schoolReader: false };
    seen.set(email, found);
    return found;
  };
  const schoolNames = namesByCode(store);
  for (const file of store.files()) {
    if (file.trashed) continue;
    entry(file.owner)?.roles.add(OWNER_ROLE);
    const code = file.appProperties.schoolCode;
    const school = code ? { code, name: schoolNames.get(code) ?? code } : undefined;
    const isSchool = file.appProperties.tmisKind === "school";
    for (const p of file.permissions) {
      const seenAs = p.emailAddress ? entry(p.emailAddress) : undefined;
      if (!seenAs) continue;
      if (school) seenAs.school = school;
      if (isSchool && p.role === "writer") seenAs.schoolWriter = true;
      if (isSchool && p.role === "reader") seenAs.schoolReader = true;
    }
    for (const [email, role] of protectionRoles(store, file.id, file.owner))
      entry(email)?.roles.add(role);
  }
  return [...seen].map(([email, s]) => account(email, s)).sort(byGroupThenRole);
}

function namesByCode(store: Store): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of store.files()) {
    const { schoolCode, schoolName } = file.appProperties;
    if (schoolCode && schoolName) names.set(schoolCode, schoolName);
  }
  return names;
}

/** (editor, role) for each protected range whose description names a role. */
function protectionRoles(store: Store, id: string, owner: string): [string, string][] {
  const out: [string, string][] = [];
  for (const sheet of store.doc(id)?.sheets ?? []) {
    for (const pr of sheet.protectedRanges) {
      const named = ROLE_IN_DESCRIPTION.exec(pr.description ?? "")?.[1];
      if (!named || named === "系统") continue;
      // Under the school's heading, 学校系统管理员 reads as plain 系统管理员.
      const role = named.replace(/^学校/, "");
      for (const user of pr.editors.users) if (user !== owner) out.push([user, role]);
    }
  }
  return out;
}

function account(email: string, s: Seen): Account {
  const fallback = s.schoolWriter ? INFO_ADMIN : s.schoolReader ? VIEWER : "协作者";
  const roles = s.roles.size > 0 ? [...s.roles] : [fallback];
  roles.sort((a, b) => rank(a) - rank(b));
  const county = !s.school || roles.includes(OWNER_ROLE);
  return {
    email,
    role: roles.join("、"),
    group: county ? COUNTY_GROUP : `${s.school?.name}（${s.school?.code}）`,
    order: county ? "" : (s.school?.code ?? ""),
  };
}

function rank(role: string): number {
  const at = ROLE_ORDER.indexOf(role);
  return at < 0 ? ROLE_ORDER.length : at;
}

function byGroupThenRole(a: Account, b: Account): number {
  return (
    a.order.localeCompare(b.order) ||
    rank(a.role.split("、")[0] ?? "") - rank(b.role.split("、")[0] ?? "") ||
    a.email.localeCompare(b.email)
  );
}
