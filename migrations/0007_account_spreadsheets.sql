-- Initial passwords move out of the school spreadsheet's 账号 tab, which every role of the school
-- could read (protection limits edits, not reads), into one account spreadsheet per school
-- (「<学校名称> 教师账号」), shared with the school's system admins only.

-- Each school's account spreadsheet, as the poll's Drive listing names it (appProperties
-- tmisKind=accounts, schoolCode). No reference to `schools`: the listing may name it before the
-- school's first sync registers the school.
CREATE TABLE account_spreadsheets (
  school_code TEXT PRIMARY KEY,
  spreadsheet_id TEXT NOT NULL UNIQUE,
  seen_at TEXT NOT NULL
);

-- `account_tab` now describes the 账号 tab of the account spreadsheet. Only the worker writes
-- that tab, so each teacher's row is decided here, once, and written without reading the tab.
ALTER TABLE account_tab ADD COLUMN sheet_row INTEGER CHECK (sheet_row >= 2);
CREATE UNIQUE INDEX account_tab_row ON account_tab (school_code, sheet_row);

-- Passwords the old tab showed were readable by the viewer, the info admins and the principal:
-- they are void. The hash no `hashPassword` can produce stops them working at once, and with
-- their rows gone the reissue path (reissueUnseenPasswords) gives those teachers new passwords,
-- shown only in the account spreadsheet. Cleared ones need nothing: their rows say so.
UPDATE teachers SET password_hash = 'void:shown-to-every-role'
WHERE password_cleared_at IS NULL
  AND teacher_number IN (SELECT teacher_number FROM account_tab WHERE shown = 'password');
DELETE FROM account_tab
WHERE shown = 'password'
  AND teacher_number IN (SELECT teacher_number FROM teachers WHERE password_cleared_at IS NULL);
-- A cleared row had its password blanked in the old tab; the new tab never lists it.
UPDATE account_tab SET shown = 'cleared', password_cipher = NULL WHERE shown = 'password';
