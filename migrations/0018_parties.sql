-- Parties of a request besides the initiator and 人事股 (docs/business-modules.md, "Parties").
--
-- The 主管学校 of a school (schools CSV, optional): the township middle school or 中心小学 whose
-- principal confirms the school's 在职情况变动 before 人事股. NULL: a county-direct school.
ALTER TABLE schools ADD COLUMN supervisor TEXT;

-- The states a request may be in, as a table: a flow that adds a state (here the 交流学校's and the
-- 主管学校's review, states.ts / parties.ts) inserts a row instead of rebuilding business_requests
-- again. `business_requests` is rebuilt once for it (SQLite cannot alter a CHECK), keeping every
-- row, id and reference; the one-open-request index names only the terminal states, so a new
-- open state counts as open without touching it.
CREATE TABLE business_states (
  state TEXT PRIMARY KEY,
  terminal INTEGER NOT NULL CHECK (terminal IN (0, 1))
);
INSERT INTO business_states (state, terminal) VALUES
  ('draft', 0), ('county_review', 0), ('counterpart_review', 0), ('release_review', 0),
  -- 0017's: 调档 and an approval waiting for its date.
  ('archive_review', 0), ('scheduled', 0),
  ('completed', 1), ('refused', 1), ('withdrawn', 1),
  ('exchange_review', 0), ('township_review', 0);

PRAGMA defer_foreign_keys = on;

CREATE TABLE business_requests_rebuilt (
  -- 申请编号: county-unique, never reused.
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'status_change', 'rotation')),
  state TEXT NOT NULL REFERENCES business_states (state),
  -- The school whose tab holds the original row (a transfer's 调入学校).
  initiator_school TEXT NOT NULL REFERENCES schools (code),
  -- A transfer's 调出学校, a rotation's 交流学校, a status change's 主管学校 (null: county-direct).
  other_school TEXT REFERENCES schools (code),
  person_key TEXT NOT NULL REFERENCES persons (person_key),
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  name TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO business_requests_rebuilt (id, kind, state, initiator_school, other_school,
  person_key, teacher_number, name, details_json, created_at, updated_at)
SELECT id, kind, state, initiator_school, other_school, person_key, teacher_number, name,
  details_json, created_at, updated_at
FROM business_requests;
DROP TABLE business_requests;
ALTER TABLE business_requests_rebuilt RENAME TO business_requests;
CREATE INDEX business_requests_initiator ON business_requests (initiator_school, state);
CREATE INDEX business_requests_other ON business_requests (other_school, state);
-- One open request per person, whatever its kind (as 0010): open is every state but the terminal.
CREATE UNIQUE INDEX business_requests_open_person ON business_requests (person_key)
WHERE state NOT IN ('completed', 'refused', 'withdrawn');
-- 0017's: the daily dated-effects job's one query, the requests waiting for their date.
CREATE INDEX business_requests_scheduled ON business_requests (state) WHERE state = 'scheduled';

PRAGMA defer_foreign_keys = off;

-- A completed 交流轮岗 in force sets the home school's 人员状态 to 205 (暂未在本单位任职-交流轮岗)
-- from its 开始年月 on, and puts back what was there after its 结束年月 (jobs/rotation-status.ts).
-- One row per rotation that began; what person_status held before (or the 基本信息's 人员状态 when
-- no status change ever set one) is kept here to be restored.
CREATE TABLE rotation_status (
  request_id TEXT PRIMARY KEY REFERENCES business_requests (id),
  person_key TEXT NOT NULL REFERENCES persons (person_key),
  -- person_status before the rotation began; NULL columns: there was no row.
  previous_code TEXT,
  previous_since TEXT,
  previous_request_id TEXT,
  previous_has_left INTEGER,
  -- The 基本信息's 人员状态 code when there was no person_status row (restored as such).
  previous_basic_code TEXT,
  started_at TEXT NOT NULL,
  -- NULL while the rotation runs.
  ended_at TEXT
);
