export {
  ACCOUNT_HEADERS,
  ACCOUNTS_RANGE,
  ACCOUNTS_TITLE,
  type AccountTabCell,
  type AccountTabEntry,
  type AccountTabPlan,
  type AccountTabWrite,
  beijingTime,
  PASSWORD_SHOWN_DAYS,
  planAccountsTab,
  statusText,
} from "./tab";
