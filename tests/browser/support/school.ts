import { readFile } from "node:fs/promises";
import path from "node:path";
import { basicRow, contactRow, type DemoPerson, demoPeople } from "../../../scripts/demo/people";
import { clientsFor, type GoogleClients } from "../../../scripts/lib/emulator-clients";
import { readTab, typeRows } from "../../../scripts/lib/school-sheet";
import type { Stack } from "../../../scripts/lib/stack";
import { provision } from "../../../scripts/provision/provision";
import { shippedCountyConfig, shippedTemplates } from "../../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../../src/core/templates/index";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CODE = "4306230002";

/** One school on the real stack, its teachers entered and synced, as a phone user meets it. */
export interface PortalSchool {
  school: School;
  spreadsheetId: string;
  accountsId: string;
  /** The county recheck spreadsheet provisioning made with the school. */
  recheckId: string;
  people: DemoPerson[];
  /** Each teacher's number and initial password, as the 账号 tab shows them (sheet order). */
  accounts: { number: string; name: string; password: string }[];
  admin: GoogleClients;
}

/**
 * Provisions one example school (as `npm run provision` does), has its info admin type three new
 * teachers (基本信息, 联系方式), syncs, and reads the 账号 tab as the school's system admin.
 */
export async function portalSchool(stack: Stack): Promise<PortalSchool> {
  const csv = await readFile(
    path.join(ROOT, "sheet-templates/examples/huarong-schools.csv"),
    "utf8",
  );
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  if (!parsed.ok) throw new Error("示例学校名单无效");
  const school = parsed.value.find((s) => s.code === CODE);
  if (school === undefined) throw new Error(`示例学校名单中没有 ${CODE}`);
  const admin = await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn");
  const made = await provision({
    clients: admin,
    schools: [school],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: stack.serviceAccountKey.client_email,
  });
  const idOf = (kind: string) => {
    const item = made.find((m) => m.kind === kind && m.school?.code === CODE);
    if (!item?.outcome.ok) throw new Error(`${kind} 表格未建成`);
    return item.outcome.spreadsheetId;
  };
  const spreadsheetId = idOf("school");
  const accountsId = idOf("accounts");
  const recheck = made.find((m) => m.kind === "recheck");
  if (!recheck?.outcome.ok) throw new Error("县级复核表未建成");
  const recheckId = recheck.outcome.spreadsheetId;
  const people = demoPeople(3, 2026);
  const entry = await clientsFor(stack.emulatorUrl, school.infoAdmins[0] ?? "");
  await typeRows(
    entry,
    spreadsheetId,
    "基本信息",
    people.map((p) => basicRow(p, school.category)),
  );
  await typeRows(entry, spreadsheetId, "联系方式", people.map(contactRow));
  await syncNow(stack);
  const systemAdmin = await clientsFor(stack.emulatorUrl, school.systemAdmins[0] ?? "");
  const [, ...rows] = await readTab(systemAdmin, accountsId, "账号");
  const accounts = rows.map(([number = "", name = "", password = ""]) => ({
    number,
    name,
    password,
  }));
  if (accounts.length !== people.length || accounts.some((a) => a.password === ""))
    throw new Error("账号表没有显示全部教师的初始密码");
  return { school, spreadsheetId, accountsId, recheckId, people, accounts, admin };
}

/** `POST /api/sync?wait=1`: a poll cycle now, each changed spreadsheet synced inline. */
export async function syncNow(stack: Stack): Promise<void> {
  const res = await fetch(`${stack.workerUrl}/api/sync?wait=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  if (!res.ok) throw new Error(`同步失败：HTTP ${res.status} ${await res.text()}`);
}
