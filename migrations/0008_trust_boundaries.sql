-- Template tabs a school sync could not trust (a tab renamed, perhaps to make room for a
-- look-alike under its name, or deleted), as JSON: shown to the county in the admin API and
-- remembered so the school is told once, in the tab itself.
ALTER TABLE spreadsheets ADD COLUMN tab_problems TEXT;

-- One person, one number, decided by 人事股: an ID number entered by two schools is a conflict
-- that holds both sides' new rows until the personnel office names the school the person belongs
-- to in the county 冲突处理 tab. Keyed by the person (one conflict per person, reopened by no one:
-- a decision stands for later entries too).
CREATE TABLE id_conflicts (
  conflict_id TEXT PRIMARY KEY,
  person_key TEXT NOT NULL UNIQUE,
  opened_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'decided')),
  decided_school TEXT REFERENCES schools (code),
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT,
  -- The 处理状态 text the county tab shows for it; null until the conflict is appended there.
  shown_status TEXT
);

-- Who opened and who decided each conflict, and when (谁审核谁负责). Append-only.
CREATE TABLE id_conflict_events (
  conflict_id TEXT NOT NULL REFERENCES id_conflicts (conflict_id),
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'decided')),
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  -- School codes only: no personal data.
  detail TEXT NOT NULL
);
CREATE TRIGGER id_conflict_events_no_update BEFORE UPDATE ON id_conflict_events
BEGIN
  SELECT RAISE(ABORT, 'id_conflict_events is append-only');
END;
CREATE TRIGGER id_conflict_events_no_delete BEFORE DELETE ON id_conflict_events
BEGIN
  SELECT RAISE(ABORT, 'id_conflict_events is append-only');
END;
