-- A teacher may withdraw a portal submission until the school's sync writes it: outcome
-- `withdrawn`. SQLite cannot change a CHECK constraint in place, so the table is rebuilt with the
-- same columns, rows and indexes.
CREATE TABLE teacher_submissions_next (
  id TEXT PRIMARY KEY,
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  school_code TEXT NOT NULL REFERENCES schools (code),
  section TEXT NOT NULL,
  record_id TEXT REFERENCES records (record_id),
  values_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Null until the school's sync has written it (or it was set aside: see `outcome`).
  written_at TEXT,
  -- written: the row is in the school sheet; superseded: the teacher sent a newer version of the
  -- same row before the sync; dropped: the sync could not write it (the target row is gone);
  -- withdrawn: the teacher took it back before the sync wrote it.
  outcome TEXT CHECK (outcome IN ('written', 'superseded', 'dropped', 'withdrawn')),
  CHECK ((written_at IS NULL) = (outcome IS NULL))
);
INSERT INTO teacher_submissions_next
  SELECT id, teacher_number, school_code, section, record_id, values_json, created_at, written_at,
         outcome
  FROM teacher_submissions;
DROP TABLE teacher_submissions;
ALTER TABLE teacher_submissions_next RENAME TO teacher_submissions;
CREATE INDEX teacher_submissions_pending ON teacher_submissions (school_code, created_at)
  WHERE written_at IS NULL;
CREATE INDEX teacher_submissions_teacher ON teacher_submissions (teacher_number, created_at);
