-- What each poll cycle queued, so `GET /api/sync/:id` can say which spreadsheets are synced since
-- and which still wait (POST /api/sync queues its work and answers at once).
CREATE TABLE poll_cycle_items (
  cycle_id INTEGER NOT NULL REFERENCES poll_cycles (id),
  spreadsheet_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  school_code TEXT,
  -- Drive version the poll saw; a sync at or past it (or any sync since the cycle) is progress.
  version INTEGER NOT NULL,
  -- A forced message syncs even a seen version: only a sync after the cycle counts for it.
  forced INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, spreadsheet_id, kind)
);

-- Since when each changed school spreadsheet has waited for its sync: the poll queues the
-- longest-waiting first, so under a backlog the oldest unsynced edit goes first.
CREATE TABLE sync_waiting (
  spreadsheet_id TEXT PRIMARY KEY,
  since TEXT NOT NULL
);
