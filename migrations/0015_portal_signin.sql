-- Known devices of the teacher portal: a browser that signed in to a 教师编号 with its right
-- password holds a random token (cookie `tmis_portal_device`); only its SHA-256 is kept. Failures
-- from other clients never lock a known device out of its own number (core/portal/throttle.ts).
-- A device counts only while younger than its lifetime and not older than the number's current
-- initial password (a reset forgets every device); a password change forgets the others.
CREATE TABLE portal_devices (
  token_hash TEXT PRIMARY KEY,
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  -- The successful sign-in that issued the token; each sign-in issues a new one.
  created_at TEXT NOT NULL
);
CREATE INDEX portal_devices_teacher ON portal_devices (teacher_number, created_at);
