export { type AccountsLayoutInput, accountsLayout } from "./accounts";
export {
  CHANGE_APPROVAL_TITLE,
  type CountyLayoutInput,
  recheckLayout,
  summaryLayout,
} from "./county";
export {
  type ExistingPermission,
  type GrantChange,
  type GrantPlan,
  isEmptyGrantPlan,
  planGrants,
} from "./grants";
export {
  type ColumnLayout,
  type ColumnTone,
  type Grant,
  type GrantRole,
  type GridTab,
  type GuideTab,
  NEW_TAB_ROWS,
  type Protection,
  type SpreadsheetLayout,
  type TabLayout,
  type Validation,
} from "./layout";
export {
  type Change,
  type ChangeKind,
  isEmptyPlan,
  type Plan,
  planSpreadsheet,
} from "./plan";
export type { GridRange, SheetsRequest, ValueWrite } from "./requests";
export {
  accountsSpreadsheetTitle,
  GUIDE_TITLE,
  type SchoolLayoutInput,
  schoolGrants,
  schoolLayout,
  schoolSpreadsheetTitle,
} from "./school";
export {
  type ApiSpreadsheet,
  gridRanges,
  quoteTitle,
  type SheetSnapshot,
  type SpreadsheetSnapshot,
  snapshotOf,
} from "./snapshot";
export {
  boundTitles,
  planTabRepairs,
  sheetIdsAfter,
  type TabIdentity,
  type TabRepairs,
} from "./tab-binding";
export { layoutVersion } from "./version";
