/**
 * A school spreadsheet as provisioning laid it out before display order (issue 22): every
 * section and request tab in the template's column order, only the header row frozen. Made from
 * a provisioned spreadsheet with the same moveDimension requests a user could send.
 */
import type { sheets_v4 } from "googleapis";
import type { ResolvedSection } from "../../src/core/templates/index";

export function templateHeaders(section: ResolvedSection): string[] {
  return [...section.columns, ...section.trailingColumns].map((column) => column.header);
}

export async function toTemplateOrder(
  sheets: sheets_v4.Sheets,
  spreadsheetId: string,
  sections: readonly ResolvedSection[],
): Promise<void> {
  const titles = sections.map((s) => s.title);
  const { data } = await sheets.spreadsheets.get({
    spreadsheetId,
    ranges: titles.map((t) => `'${t}'!1:1`),
    includeGridData: true,
  });
  const requests: sheets_v4.Schema$Request[] = [];
  for (const section of sections) {
    const sheet = data.sheets?.find((s) => s.properties?.title === section.title);
    const sheetId = sheet?.properties?.sheetId ?? 0;
    const headers = (sheet?.data?.[0]?.rowData?.[0]?.values ?? []).map(
      (c) => c.formattedValue ?? "",
    );
    templateHeaders(section).forEach((header, place) => {
      const at = headers.indexOf(header);
      if (at === place || at === -1) return;
      requests.push({
        moveDimension: {
          source: { sheetId, dimension: "COLUMNS", startIndex: at, endIndex: at + 1 },
          destinationIndex: place,
        },
      });
      headers.splice(place, 0, ...headers.splice(at, 1));
    });
    requests.push({
      updateSheetProperties: {
        properties: { sheetId, gridProperties: { frozenRowCount: 1, frozenColumnCount: 0 } },
        fields: "gridProperties.frozenRowCount,gridProperties.frozenColumnCount",
      },
    });
  }
  await sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
}
