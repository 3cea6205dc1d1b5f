-- The audit of every download that carries ID numbers in clear: the national system's import
-- package (a school's workbook, the county's, or the whole package for `npm run export`) and the
-- county's copy of a 电子档案. Who (the admin token's label; "admin" for the one ADMIN_TOKEN),
-- when, what (kind and scope) and how much; never an ID number or any other personal datum.
-- Append-only: an audit a downloader could edit would prove nothing.
CREATE TABLE exports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('package', 'school', 'county', 'archive_teacher', 'archive_school')),
  -- The school code, the teacher number, or 'county'.
  scope TEXT NOT NULL,
  persons INTEGER NOT NULL,
  records INTEGER NOT NULL
);
CREATE INDEX exports_at ON exports (at);

CREATE TRIGGER exports_no_update BEFORE UPDATE ON exports
BEGIN
  SELECT RAISE(ABORT, 'exports is append-only');
END;
CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports
BEGIN
  SELECT RAISE(ABORT, 'exports is append-only');
END;
