-- The county recheck spreadsheet and what the worker shows in it.

-- The Drive file provisioning marked tmisKind=recheck, learned from the poll: the recheck
-- consumer appends to it without listing Drive.
CREATE TABLE county_spreadsheets (
  kind TEXT PRIMARY KEY CHECK (kind IN ('recheck')),
  spreadsheet_id TEXT NOT NULL,
  seen_at TEXT NOT NULL
);

-- One row per version sent to the county: a recheck item (record + approved hash) or a change
-- request. `rows_json` holds the rows to append, rendered when the school sync queued them
-- (header → cell, ID numbers masked): they travel from the school sheet to the county sheet
-- through here, and later identify which version a row in the county sheet shows.
CREATE TABLE county_rows (
  kind TEXT NOT NULL CHECK (kind IN ('recheck', 'change')),
  record_id TEXT NOT NULL,
  -- recheck: the approved hash (recheck_items.hash); change: change_requests.id.
  version_key TEXT NOT NULL,
  tab TEXT NOT NULL,
  rows_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- When the rows were last appended (recheck items say so in recheck_items.state as well).
  appended_at TEXT,
  -- The 复核状态 the worker last wrote on these rows: a final one is never written again.
  shown_status TEXT,
  -- The leadership office's decision on a change request, recorded before the school sync
  -- applies it (recheck decisions are kept in recheck_items).
  decision TEXT CHECK (decision IN ('approved', 'rejected')),
  reason TEXT,
  decided_by TEXT,
  decided_at TEXT,
  PRIMARY KEY (kind, record_id, version_key)
) WITHOUT ROWID;
CREATE INDEX county_rows_record ON county_rows (record_id);
