-- Effects on their date and the 调档 step (docs/business-modules.md "Dates", "调档"): two more
-- request states. 'archive_review' (待调入学校调档): 人事股 confirmed the release, the receiving
-- school's principal has yet to tick 调档完成. 'scheduled' (已批准待生效): approved, the effects
-- wait for the request's date (the cron's dated-effects job). Both are open: the person keeps
-- one open request at a time until the effect is applied.
--
-- SQLite cannot change a CHECK constraint, so the table is rebuilt; the foreign keys of
-- business_events and person_status name the table, and are checked at the end of the migration.
PRAGMA defer_foreign_keys = true;

CREATE TABLE business_requests_new (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'status_change', 'rotation')),
  state TEXT NOT NULL CHECK (state IN (
    'draft', 'county_review', 'counterpart_review', 'release_review',
    'archive_review', 'scheduled',
    'completed', 'refused', 'withdrawn'
  )),
  initiator_school TEXT NOT NULL REFERENCES schools (code),
  other_school TEXT REFERENCES schools (code),
  person_key TEXT NOT NULL REFERENCES persons (person_key),
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  name TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO business_requests_new SELECT * FROM business_requests;
DROP TABLE business_requests;
ALTER TABLE business_requests_new RENAME TO business_requests;

CREATE INDEX business_requests_initiator ON business_requests (initiator_school, state);
CREATE INDEX business_requests_other ON business_requests (other_school, state);
CREATE UNIQUE INDEX business_requests_open_person ON business_requests (person_key)
WHERE state IN (
  'draft', 'county_review', 'counterpart_review', 'release_review', 'archive_review', 'scheduled'
);
-- The daily job's one query: the requests waiting for their date.
CREATE INDEX business_requests_scheduled ON business_requests (state) WHERE state = 'scheduled';
