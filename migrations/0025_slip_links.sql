-- The 「打印账号条」 link of each school's account spreadsheet: `<base>/slips/<token>`, a
-- capability only the school's system admins can read (it is written into the account
-- spreadsheet, the one place the initial passwords already are). Only the SHA-256 of the token
-- is kept; a new token replaces the old one (rotation), which then opens nothing.
CREATE TABLE slip_links (
  school_code TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  -- The account spreadsheet the link was written into, and the base address it was written
  -- with: a link into another spreadsheet, or with another base, is owed again (a new token).
  spreadsheet_id TEXT NOT NULL,
  base_url TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  -- Page views in the current window (the print page reads Google once per view).
  window_start TEXT,
  views INTEGER NOT NULL DEFAULT 0
);
