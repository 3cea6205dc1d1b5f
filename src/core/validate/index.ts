export { type FindingCode, severityOf, VALIDATE_CODES, type ValidateCode } from "./codes";
export { CROSS_TAB_CODES, oneTabSkips } from "./cross-section";
export {
  type SchoolOptions,
  type SchoolResult,
  type TabResult,
  validateSchool,
  validateTab,
} from "./engine";
export { messageFor } from "./messages";
export type {
  Cell,
  CheckContext,
  Finding,
  IdConflict,
  IdLookup,
  Params,
  RowRecord,
  SchoolInput,
  SchoolRef,
  Severity,
  TabRows,
  Value,
} from "./types";
