-- The 账号 tab of each school's account spreadsheet is bound by sheetId, as school tabs are:
-- provisioning records the tab's id in the file's tab manifest (appProperties, key `accounts`),
-- the poll's listing copies it here, and the worker reads and writes the tab by that id only, so
-- a tab renamed to make room for a look-alike named 账号 keeps getting the passwords, and the
-- look-alike's rows and ticks are never read. NULL: a file provisioned before the binding (its
-- tab is addressed by title until provisioning runs again and records the id).
ALTER TABLE account_spreadsheets ADD COLUMN tab_sheet_id INTEGER;
