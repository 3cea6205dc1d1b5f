import { ACCOUNTS_TAB_KEY, ACCOUNTS_TITLE } from "../../../src/core/accounts/tab";
import { accountsLayout, planSpreadsheet, snapshotOf } from "../../../src/core/provision/index";
import { encodeTabManifest } from "../../../src/core/sync/tab-manifest";
import type { School } from "../../../src/core/templates/index";
import { asUser } from "./emulator";

/** A school's people, one address per role, as the schools CSV lists them. */
export function schoolPeople(code: string, name: string): School {
  const at = (role: string) => `${code}-${role}@hrjy.example.cn`;
  return {
    code,
    name,
    category: "primary_secondary",
    schoolType: "21",
    township: "章华镇",
    systemAdmins: [at("admin")],
    infoAdmins: [at("info")],
    principals: [at("head")],
    viewers: [at("view")],
  };
}

/**
 * The school's account spreadsheet as provisioning makes it, through the emulator's REST API as
 * the administrator: the real layout planned by the core (账号 tab, protection, 说明), its
 * appProperties with the tab manifest (the 账号 tab's sheetId), and its sharing (system admins
 * read, the service account writes).
 */
export async function createAccountsSheet(
  admin: string,
  serviceAccount: string,
  school: School,
): Promise<string> {
  const layout = accountsLayout({ school, serviceAccount });
  const { spreadsheetId } = await asUser<{ spreadsheetId: string }>(
    admin,
    "POST",
    "v4/spreadsheets",
    { properties: { title: layout.title } },
  );
  const structure = await asUser<Parameters<typeof snapshotOf>[0]>(
    admin,
    "GET",
    `v4/spreadsheets/${spreadsheetId}`,
  );
  const plan = planSpreadsheet(layout, snapshotOf(structure), [
    { id: "owner", type: "user", emailAddress: admin, role: "owner" },
  ]);
  await asUser(admin, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    requests: plan.requests,
  });
  await asUser(admin, "POST", `v4/spreadsheets/${spreadsheetId}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: plan.values,
  });
  const tabs = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    admin,
    "GET",
    `v4/spreadsheets/${spreadsheetId}`,
  );
  const tab = tabs.sheets.find((sheet) => sheet.properties.title === ACCOUNTS_TITLE);
  if (tab === undefined) throw new Error("the planned layout made no 账号 tab");
  await asUser(admin, "PATCH", `drive/v3/files/${spreadsheetId}`, {
    appProperties: {
      tmisKind: "accounts",
      schoolCode: school.code,
      ...encodeTabManifest(new Map([[ACCOUNTS_TAB_KEY, tab.properties.sheetId]])),
    },
  });
  for (const grant of plan.grants.create)
    await asUser(admin, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
      role: grant.role,
      type: "user",
      emailAddress: grant.email,
    });
  return spreadsheetId;
}
