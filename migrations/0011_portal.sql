-- 教师自助 (the teacher portal under /portal): sessions, sign-in throttling, and what teachers
-- submit until their school's next sync writes it into the school spreadsheet.

-- The password a teacher chose. `teachers.password_hash` holds the initial password until the
-- teacher sets their own, then theirs. A password counts as chosen only when it was set after the
-- current initial one was issued: a reset (a new initial password, `password_issued_at` moved on)
-- asks for a new choice at the next sign-in without touching this column.
ALTER TABLE teachers ADD COLUMN password_changed_at TEXT;

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is kept, so a copy of
-- the table opens no session. A session dies at `expires_at`, at sign-out, when the teacher
-- changes the password, and when the initial password is reissued after it was created.
CREATE TABLE portal_sessions (
  token_hash TEXT PRIMARY KEY,
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  -- Sent back in every form of the session; a POST without it is refused.
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX portal_sessions_teacher ON portal_sessions (teacher_number);
CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at);

-- Wrong passwords, counted per 教师编号 (`teacher:430623000001`) and per client
-- (`client:` + SHA-256 of the address, never the address itself). Enough failures within the
-- window lock the key until `locked_until`, the right password included.
CREATE TABLE portal_sign_in_attempts (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  -- The first failure still counted; failures older than the window start the count afresh.
  window_start TEXT NOT NULL,
  locked_until TEXT
);

-- What a teacher sent from the portal, validated, waiting for the school's sync to write it as a
-- row of the section's tab (a new row, or a proposed change to the effective row `record_id`).
-- Values are normalised and keyed by column; the ID number only as a reference to `persons`
-- (see registry-values.ts), never in clear.
CREATE TABLE teacher_submissions (
  id TEXT PRIMARY KEY,
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  school_code TEXT NOT NULL REFERENCES schools (code),
  -- Section key from the templates (`basic`, `education`, …).
  section TEXT NOT NULL,
  -- The record the change is proposed for; null for a new row.
  record_id TEXT REFERENCES records (record_id),
  values_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Null until the school's sync has written it (or set it aside: see `outcome`).
  written_at TEXT,
  -- written: the row is in the school sheet; superseded: the teacher sent a newer version of the
  -- same row before the sync; dropped: the sync could not write it (the target row is gone).
  outcome TEXT CHECK (outcome IN ('written', 'superseded', 'dropped')),
  CHECK ((written_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX teacher_submissions_pending ON teacher_submissions (school_code, created_at)
  WHERE written_at IS NULL;
CREATE INDEX teacher_submissions_teacher ON teacher_submissions (teacher_number, created_at);

-- What the school sheet's 校验结果 says for each record, as the school sync last wrote it, so the
-- portal shows the teacher the same messages (待完善 with what to fix). Written by the sync
-- (src/adapters/store/record-results.ts, `saveRecordResults`), read by the portal.
CREATE TABLE record_results (
  record_id TEXT PRIMARY KEY REFERENCES records (record_id),
  result TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
