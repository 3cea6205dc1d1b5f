/**
 * A test school spreadsheet (made in template order by `createSchoolSheet`) put in the display
 * order provisioning gives school tabs (issue 22): the planner's own move stage, sent as the
 * owner, so the worker meets exactly the column order schools see.
 */
import { type GridTab, schoolLayout } from "../../../src/core/provision/index";
import { planMoves } from "../../../src/core/provision/plan-moves";
import type { SheetSnapshot } from "../../../src/core/provision/snapshot";
import { shippedCountyConfig, shippedTemplates } from "../../../src/core/templates/bundle";
import { type SchoolCategory, templateFor } from "../../../src/core/templates/index";
import { asUser } from "./emulator";
import { rememberHeaders } from "./schools";

function gridTabs(category: SchoolCategory): GridTab[] {
  const layout = schoolLayout({
    school: {
      code: "4306230000",
      name: "（测试）",
      category,
      schoolType: "21",
      township: "章华镇",
      systemAdmins: [],
      infoAdmins: [],
      principals: [],
      viewers: [],
    },
    categoryTitle: shippedTemplates.categories[category].title,
    sections: templateFor(shippedTemplates, category),
    codeTables: shippedTemplates.codeTables,
    county: shippedCountyConfig,
    serviceAccount: "worker@example.iam.gserviceaccount.com",
  });
  return layout.tabs.filter((tab): tab is GridTab => tab.kind === "grid");
}

export async function toDisplayOrder(
  owner: string,
  spreadsheetId: string,
  category: SchoolCategory = "primary_secondary",
): Promise<void> {
  const meta = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    owner,
    "GET",
    `v4/spreadsheets/${spreadsheetId}?fields=${encodeURIComponent("sheets.properties")}`,
  );
  const tabs = gridTabs(category).filter((tab) =>
    meta.sheets.some((s) => s.properties.title === tab.title),
  );
  const query = tabs.map((t) => `ranges=${encodeURIComponent(`'${t.title}'!1:1`)}`).join("&");
  const got = await asUser<{ valueRanges: { values?: string[][] }[] }>(
    owner,
    "GET",
    `v4/spreadsheets/${spreadsheetId}/values:batchGet?${query}`,
  );
  const moved = new Map<string, readonly string[]>();
  const requests = tabs.flatMap((tab, index) => {
    const sheetId = meta.sheets.find((s) => s.properties.title === tab.title)?.properties.sheetId;
    const headers = got.valueRanges[index]?.values?.[0] ?? [];
    const moves = planMoves(tab, snapshotOf(sheetId ?? 0, tab.title, headers));
    moved.set(tab.title, moves.sheet.headers);
    return moves.requests;
  });
  // The helpers that write by header without reading (writeCell, writeRow) follow the move.
  rememberHeaders(spreadsheetId, moved);
  if (requests.length === 0) return;
  await asUser(owner, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, { requests });
}

function snapshotOf(sheetId: number, title: string, headers: string[]): SheetSnapshot {
  return {
    sheetId,
    title,
    rowCount: 1000,
    columnCount: headers.length,
    frozenRowCount: 1,
    frozenColumnCount: 0,
    headers,
    notes: [],
    headerColours: [],
    conditionalFormats: [],
    validations: [],
    numberFormats: [],
    rows: [headers],
    protections: [],
  };
}
