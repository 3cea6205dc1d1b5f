import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { sheetRows, type Tabs } from "../../core/validate/fixture";
import { asUser, type ServiceAccount } from "./emulator";

/** A school spreadsheet as provisioning leaves it (tabs, headers, appProperties, sharing), plus rows. */
export const ADMIN = "admin@hrjy.example.cn";

export interface TestSchool {
  code: string;
  name: string;
  category: "primary_secondary";
}

export async function createSchoolSheet(
  sa: ServiceAccount,
  school: TestSchool,
  tabs: Tabs,
): Promise<string> {
  const sections = templateFor(shippedTemplates, school.category);
  const created = await asUser<{ spreadsheetId: string }>(ADMIN, "POST", "v4/spreadsheets", {
    properties: { title: school.name },
    sheets: sections.map((s) => ({ properties: { title: s.title } })),
  });
  const id = created.spreadsheetId;
  await asUser(ADMIN, "POST", `v4/spreadsheets/${id}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: sections.map((s) => ({
      range: `'${s.title}'!A1`,
      values: sheetRows(school.category, s.title, tabs[s.title] ?? []),
    })),
  });
  await asUser(ADMIN, "PATCH", `drive/v3/files/${id}`, {
    appProperties: {
      tmisKind: "school",
      schoolCode: school.code,
      schoolName: school.name,
      schoolCategory: school.category,
    },
  });
  await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: sa.client_email,
  });
  return id;
}

const range = (tab: string) => encodeURIComponent(`'${tab}'`);

/** A cell by header text and sheet row (1-based), formatted as the user sees it. */
export async function cellOf(
  id: string,
  tab: string,
  header: string,
  row: number,
): Promise<string> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${id}/values/${range(tab)}`,
  );
  const values = got.values ?? [];
  const col = values[0]?.indexOf(header) ?? -1;
  return values[row - 1]?.[col] ?? "";
}
