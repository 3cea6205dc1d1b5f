-- What each school's 学分台账 tab shows, as the worker last wrote it: the ledger job rewrites a
-- school's tab only when its table's fingerprint differs (cost: no write when nothing changed).
CREATE TABLE credit_tabs (
  school_code TEXT PRIMARY KEY REFERENCES schools (code),
  -- The spreadsheet written: a school given a new spreadsheet gets its tab written again.
  spreadsheet_id TEXT NOT NULL,
  -- core/sync/fingerprint of the table written.
  hash TEXT NOT NULL,
  -- Rows written (header included), so a shorter table blanks the rows below it.
  row_count INTEGER NOT NULL,
  written_at TEXT NOT NULL
);
