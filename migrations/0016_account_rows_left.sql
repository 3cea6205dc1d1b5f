-- A teacher's 账号 row follows a completed transfer: `account_tab` then names the receiving school
-- (a new row there, assigned as for any teacher), and the row the sending school's tab held is
-- kept here. It is never given to another teacher — a 重置密码 tick on a stale view of the tab
-- must reach nobody — the next write of the sending school's tab blanks it with a note saying
-- where the account went, and a tick on it is only unticked.
CREATE TABLE account_rows_left (
  school_code TEXT NOT NULL,
  sheet_row INTEGER NOT NULL CHECK (sheet_row >= 2),
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  -- The receiving school, named in the note.
  to_school TEXT NOT NULL REFERENCES schools (code),
  left_at TEXT NOT NULL,
  -- NULL until a write of the sending school's tab shows the row blanked.
  written_at TEXT,
  PRIMARY KEY (school_code, sheet_row)
);
