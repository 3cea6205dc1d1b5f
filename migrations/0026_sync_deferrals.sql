-- When a spreadsheet's sync, refused for quota, will be tried again: `GET /api/sync/:id` says
-- which schools were deferred and until when. Cleared by the spreadsheet's next sync.
CREATE TABLE sync_deferrals (
  spreadsheet_id TEXT PRIMARY KEY,
  retry_at TEXT NOT NULL
);
