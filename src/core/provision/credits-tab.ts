/**
 * 学分台账 in each school spreadsheet: the school's own teachers' training credits, written by
 * the worker's ledger job (src/jobs/credits.ts). Read-only for the school: the whole tab is
 * protected, only the worker writes it.
 */
import { LEDGER_COLUMNS, SCHOOL_LEDGER_TITLE } from "../credits/tables";
import { headerProtection, headerWidth } from "./columns";
import type { GridTab } from "./layout";

export function creditLedgerTab(serviceAccount: string): GridTab {
  return {
    kind: "grid",
    title: SCHOOL_LEDGER_TITLE,
    columns: LEDGER_COLUMNS.map(({ header, note }) => ({
      header,
      tone: "system" as const,
      note,
      width: Math.max(100, headerWidth(header)),
    })),
    headerProtection: headerProtection(serviceAccount),
    protection: { key: "tab", label: "学分台账：仅系统填写", editors: [serviceAccount] },
  };
}
