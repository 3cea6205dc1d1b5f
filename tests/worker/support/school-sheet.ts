import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import type { Tabs } from "../../core/validate/fixture";
import { asUser, envFor, registerServiceAccount, type ServiceAccount } from "./emulator";
import { asSheet, createSchoolSheet as createSheet } from "./schools";

/** A school spreadsheet as provisioning leaves it (every tab, headers, appProperties, sharing). */
export const ADMIN = "admin@hrjy.example.cn";

export interface TestSchool {
  code: string;
  name: string;
  category: "primary_secondary";
}

/**
 * Every template tab of the school, with the fixture's rows where it has some, owned by `owner`
 * (a file of its own keeps its reads off the shared admin's per-user quota).
 */
export function createSchoolSheet(
  sa: ServiceAccount,
  school: TestSchool,
  tabs: Tabs,
  owner = ADMIN,
) {
  const sections = templateFor(shippedTemplates, school.category);
  const rows = Object.fromEntries(sections.map((s) => [s.title, tabs[s.title] ?? []]));
  return createSheet(owner, sa.client_email, school, asSheet(rows, school.category));
}

/**
 * A test file's own service account (`name`), the worker's env for it, and one school's
 * spreadsheet (`createSchoolSheet`, owned by ADMIN) shared with it.
 */
export async function setUpSchoolSheet(name: string, school: TestSchool, tabs: Tabs) {
  const sa = await registerServiceAccount(name);
  const env = envFor(sa);
  const spreadsheetId = await createSchoolSheet(sa, school, tabs);
  return { sa, env, spreadsheetId };
}

const range = (tab: string) => encodeURIComponent(`'${tab}'`);

/** Every row of a tab as `who` sees it (formatted), the header row first. */
export async function tabRows(id: string, tab: string, who = ADMIN): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    who,
    "GET",
    `v4/spreadsheets/${id}/values/${range(tab)}`,
  );
  return got.values ?? [];
}

/** A cell by header text and sheet row (1-based), formatted as the user sees it. */
export async function cellOf(
  id: string,
  tab: string,
  header: string,
  row: number,
): Promise<string> {
  const values = await tabRows(id, tab);
  const col = values[0]?.indexOf(header) ?? -1;
  return values[row - 1]?.[col] ?? "";
}
