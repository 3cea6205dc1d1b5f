import { templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import type { Tabs } from "../../core/validate/fixture";
import { asUser, type ServiceAccount } from "./emulator";
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
