import { recheckLayout } from "../../../src/core/provision/county";
import { SchoolCategory, templateFor } from "../../../src/core/templates";
import { shippedCountyConfig, shippedTemplates } from "../../../src/core/templates/bundle";
import { asUser } from "./emulator";

/**
 * The county recheck spreadsheet as provisioning lays it out (every tab with its header row),
 * created by `admin` through the emulator, marked for the worker and shared with it.
 */
export async function createCountySheet(admin: string, serviceAccount: string): Promise<string> {
  const layout = recheckLayout({
    categories: SchoolCategory.options.map((c) => templateFor(shippedTemplates, c)),
    county: shippedCountyConfig,
    serviceAccount,
  });
  const grids = layout.tabs.flatMap((tab) => (tab.kind === "grid" ? [tab] : []));
  const created = await asUser<{ spreadsheetId: string }>(admin, "POST", "v4/spreadsheets", {
    properties: { title: layout.title },
    sheets: grids.map((tab) => ({ properties: { title: tab.title } })),
  });
  const id = created.spreadsheetId;
  await asUser(admin, "POST", `v4/spreadsheets/${id}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: grids.map((tab) => ({
      range: `'${tab.title}'!A1`,
      values: [tab.columns.map((c) => c.header)],
    })),
  });
  await asUser(admin, "PATCH", `drive/v3/files/${id}`, { appProperties: { tmisKind: "recheck" } });
  await asUser(admin, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: serviceAccount,
  });
  return id;
}
