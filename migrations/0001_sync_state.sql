-- What the worker knows about each spreadsheet it polls, and its polling cursor.
-- The registry proper (schools, teachers, records, review events) comes in later migrations.

CREATE TABLE spreadsheets (
  spreadsheet_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  -- Drive version last read by a sync; a change notice at or below it is already handled.
  synced_version INTEGER NOT NULL DEFAULT 0,
  -- Drive version right after the worker's own write-back: that change is not a user's edit.
  own_write_version INTEGER,
  tab_count INTEGER NOT NULL DEFAULT 0,
  row_count INTEGER NOT NULL DEFAULT 0,
  synced_at TEXT
);

CREATE TABLE sync_cursor (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE poll_cycles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('cron', 'api')),
  changed INTEGER NOT NULL,
  enqueued INTEGER NOT NULL
);
