export {
  ACCOUNT_HEADERS,
  ACCOUNTS_TITLE,
  type AccountTabEntry,
  type AccountTabPlan,
  type AccountTabWrite,
  beijingTime,
  PASSWORD_SHOWN_DAYS,
  planAccountRows,
  RESET_HEADER,
  resetTicks,
  statusText,
} from "./tab";
