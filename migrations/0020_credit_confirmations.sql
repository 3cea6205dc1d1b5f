-- 学分确认 (issue 19): 教师进修学校 confirms or returns the credits of 国内培训 rows that took
-- effect without its recheck. The decisions themselves are review_events
-- ('credit_confirmed' detail `v<version>`, 'credit_returned' detail `v<version>:<reason>`), so
-- the audit log alone rebuilds the ledger; this table only says which record version is shown
-- on which row of the county sheet's 学分确认 tab, and the 办理状态 last written there.
CREATE TABLE credit_rows (
  record_id TEXT NOT NULL REFERENCES records (record_id),
  version INTEGER NOT NULL,
  row INTEGER,
  status TEXT NOT NULL,
  shown_at TEXT NOT NULL,
  PRIMARY KEY (record_id, version)
) WITHOUT ROWID;
