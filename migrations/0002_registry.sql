-- The registry: the source of truth for effective teacher data (design.md, "The registry").
-- Sheets are the editing surface; these tables decide. Personal data at rest:
-- - no table holds a clear ID number: people are keyed by `person_key`, an HMAC-SHA-256 of the
--   normalised ID under the secret ID_HASH_KEY, so equal IDs meet without the ID being stored;
-- - the ID itself is kept once per person, AES-256-GCM encrypted under ID_ENCRYPTION_KEY
--   (`persons.id_cipher`), so erasing one row erases it everywhere values refer to it;
-- - record values (`record_versions.values_json`, `change_requests.proposed_json`) carry a
--   reference to `persons` in place of the ID; the store restores it when loading.
-- D1 enforces foreign keys, so a write that names an unknown school or person fails whole.

CREATE TABLE schools (
  -- 学校代码 from the county's schools list (10 digits).
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- Which template the school's spreadsheet was made from: it decides the collected fields.
  category TEXT NOT NULL
    CHECK (category IN ('kindergarten', 'primary_secondary', 'special', 'vocational')),
  township TEXT NOT NULL,
  -- Null until provisioning has made the school's spreadsheet.
  spreadsheet_id TEXT UNIQUE
);

-- One row per ID number ever seen in a stored value: the only place the ID exists, encrypted.
CREATE TABLE persons (
  person_key TEXT PRIMARY KEY,
  -- `v1:` + base64(iv | ciphertext | tag); the version prefix lets the key or cipher change later.
  id_cipher TEXT NOT NULL,
  -- e.g. 430623********123X: enough for staff to tell people apart on screen and in reports.
  id_masked TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- One person, one number (一人一号): issued from the first valid 基本信息 row, never reused.
CREATE TABLE teachers (
  -- 430623 (the county's code) + a six-digit county sequence (see `counters`).
  teacher_number TEXT PRIMARY KEY
    CHECK (teacher_number GLOB '430623[0-9][0-9][0-9][0-9][0-9][0-9]'),
  person_key TEXT NOT NULL UNIQUE REFERENCES persons (person_key),
  name TEXT NOT NULL,
  school_code TEXT NOT NULL REFERENCES schools (code),
  -- 1 once the person's 基本信息 record is effective: later additions need only the principal.
  effective INTEGER NOT NULL DEFAULT 0 CHECK (effective IN (0, 1)),
  -- pbkdf2$iterations$salt$hash: the initial password is never stored in clear.
  password_hash TEXT NOT NULL,
  -- The initial password is shown in the school's 账号 tab from issue until it is cleared
  -- (first sign-in, or 30 days later).
  password_issued_at TEXT NOT NULL,
  password_cleared_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX teachers_school ON teachers (school_code);

-- Sequences. A number is taken by incrementing the counter and inserting the teacher in the same
-- D1 batch (one transaction), so concurrent allocations can never hand out the same number.
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('teacher_number', 0);

-- County-wide "one ID, one school": the first school whose 基本信息 row names a person holds it;
-- the same ID in another school is a conflict that both schools see. Keyed by person key alone
-- (no reference to `persons`): a record may name a person before any value of theirs is stored.
CREATE TABLE person_schools (
  person_key TEXT PRIMARY KEY,
  school_code TEXT NOT NULL REFERENCES schools (code),
  -- The 基本信息 record that made the claim; null when the claim came from a teacher number.
  record_id TEXT,
  claimed_at TEXT NOT NULL
);
CREATE INDEX person_schools_record ON person_schools (record_id);

-- One row per record (one data row of a section tab): its current review state.
CREATE TABLE records (
  -- The worker-issued 记录编号: unique county-wide, never reused.
  record_id TEXT PRIMARY KEY,
  school_code TEXT NOT NULL REFERENCES schools (code),
  -- Section key from the templates (`basic`, `education`, …).
  section TEXT NOT NULL,
  -- Null while the row's ID number is unreadable.
  person_key TEXT,
  state TEXT NOT NULL CHECK (state IN (
    'incomplete', 'ready', 'awaiting_recheck', 'returned', 'effective', 'change_pending', 'revoked'
  )),
  seen_hash TEXT NOT NULL,
  approved_hash TEXT,
  -- The version in force (a row of record_versions); null until first effective.
  effective_version INTEGER,
  change_request_id TEXT,
  reason TEXT,
  -- When the sync last found the row gone from the sheet; the record stays, for the audit trail
  -- (and in force if effective), and the removal is recorded only once.
  removed_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX records_school ON records (school_code, section);
CREATE INDEX records_person ON records (person_key);

-- Every effective version of every record, kept for the audit trail. Append-only.
CREATE TABLE record_versions (
  record_id TEXT NOT NULL REFERENCES records (record_id),
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  -- Values by column key, with ID numbers replaced by a reference to `persons`.
  values_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (record_id, version)
) WITHOUT ROWID;

-- An existing version can never be replaced, not even by INSERT OR REPLACE (whose implicit
-- delete fires no delete trigger). The store skips a version already stored with the same hash
-- (a redelivered message); the same version number with other values is a bug and aborts.
CREATE TRIGGER record_versions_no_replace BEFORE INSERT ON record_versions
WHEN EXISTS (SELECT 1 FROM record_versions WHERE record_id = NEW.record_id AND version = NEW.version)
BEGIN
  SELECT RAISE(ABORT, 'record_versions is append-only: this version already exists');
END;
CREATE TRIGGER record_versions_no_update BEFORE UPDATE ON record_versions
BEGIN
  SELECT RAISE(ABORT, 'record_versions is append-only');
END;
CREATE TRIGGER record_versions_no_delete BEFORE DELETE ON record_versions
BEGIN
  SELECT RAISE(ABORT, 'record_versions is append-only');
END;

-- The audit log (谁填报谁负责、谁审核谁负责): who did what, when, from which sheet. Append-only,
-- and no personal data in `detail`.
CREATE TABLE review_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  spreadsheet_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  -- The same event applied twice (a queue message delivered twice) is one event: the store
  -- skips an event already logged, and the trigger below refuses to replace one.
  UNIQUE (record_id, kind, at, actor, spreadsheet_id, detail)
);
CREATE INDEX review_events_at ON review_events (at);

CREATE TRIGGER review_events_no_replace BEFORE INSERT ON review_events
WHEN EXISTS (
  SELECT 1 FROM review_events
  WHERE record_id = NEW.record_id AND kind = NEW.kind AND at = NEW.at AND actor = NEW.actor
    AND spreadsheet_id = NEW.spreadsheet_id AND detail = NEW.detail
)
BEGIN
  SELECT RAISE(ABORT, 'review_events is append-only: this event is already logged');
END;
CREATE TRIGGER review_events_no_update BEFORE UPDATE ON review_events
BEGIN
  SELECT RAISE(ABORT, 'review_events is append-only');
END;
CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events
BEGIN
  SELECT RAISE(ABORT, 'review_events is append-only');
END;

-- Principal-approved rows waiting for, or decided by, the county recheck. A decision counts only
-- for the version it saw, hence one row per record and approved fingerprint.
CREATE TABLE recheck_items (
  record_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  school_code TEXT NOT NULL REFERENCES schools (code),
  section TEXT NOT NULL,
  -- queued: not yet in the recheck spreadsheet; appended: in it, awaiting a decision;
  -- confirmed / returned: decided; withdrawn: the school edited or unticked it first.
  state TEXT NOT NULL CHECK (state IN ('queued', 'appended', 'confirmed', 'returned', 'withdrawn')),
  -- Which county office's tab the row was appended to, and where.
  office TEXT,
  sheet_row INTEGER,
  queued_at TEXT NOT NULL,
  decided_at TEXT,
  reason TEXT,
  PRIMARY KEY (record_id, hash)
) WITHOUT ROWID;
CREATE INDEX recheck_items_state ON recheck_items (state, queued_at);

-- Changes to effective records, waiting for the leadership group office.
CREATE TABLE change_requests (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL REFERENCES records (record_id),
  school_code TEXT NOT NULL REFERENCES schools (code),
  section TEXT NOT NULL,
  -- The effective version the change was proposed against.
  base_version INTEGER NOT NULL,
  proposed_hash TEXT NOT NULL,
  -- Proposed values, with ID numbers replaced as in record_versions.
  proposed_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'superseded')),
  reason TEXT,
  opened_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX change_requests_open ON change_requests (state, school_code);
