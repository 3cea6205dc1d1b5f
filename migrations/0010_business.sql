-- Business requests (业务管理: 调动, 在职情况变动, 交流轮岗), docs/business-modules.md.
-- No table here holds a clear ID number: people are named by `person_key` (as in the registry),
-- the teacher number and the name; `details_json` holds only the row's non-personal fields
-- (direction, dates, reason, change code, rotation type).

-- The next 申请编号 (YW + six digits), taken in the same batch that inserts the request.
INSERT INTO counters (name, value) VALUES ('business_request', 0);

CREATE TABLE business_requests (
  -- 申请编号: county-unique, never reused.
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'status_change', 'rotation')),
  state TEXT NOT NULL CHECK (state IN (
    'draft', 'county_review', 'counterpart_review', 'release_review',
    'completed', 'refused', 'withdrawn'
  )),
  -- The school whose tab holds the original row (a transfer's 调入学校).
  initiator_school TEXT NOT NULL REFERENCES schools (code),
  -- A transfer's 调出学校, a rotation's 交流学校; null for a status change.
  other_school TEXT REFERENCES schools (code),
  person_key TEXT NOT NULL REFERENCES persons (person_key),
  teacher_number TEXT NOT NULL REFERENCES teachers (teacher_number),
  name TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX business_requests_initiator ON business_requests (initiator_school, state);
CREATE INDEX business_requests_other ON business_requests (other_school, state);
-- One open request per person, whatever its kind: a second row for the same teacher waits until
-- the first is closed, and a redelivered "open" finds the request it opened before.
CREATE UNIQUE INDEX business_requests_open_person ON business_requests (person_key)
WHERE state IN ('draft', 'county_review', 'counterpart_review', 'release_review');

-- Every step of every request: who, when, which decision, why. Append-only. The state machine
-- has no cycle, so a request leaves each state once: one event per (request, state left), the
-- opening event having no state left.
CREATE TABLE business_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES business_requests (id),
  -- 'open', or the action of the step ('confirm', 'refuse', 'withdraw').
  action TEXT NOT NULL CHECK (action IN ('open', 'confirm', 'refuse', 'withdraw')),
  party TEXT NOT NULL CHECK (party IN ('initiator', 'counterpart', 'county', 'system')),
  -- The account or office that acted (an e-mail address or the office's name): no personal data
  -- beyond what the sharing of the sheets already shows.
  actor TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);
CREATE UNIQUE INDEX business_events_step ON business_events (request_id, COALESCE(from_state, ''));

-- Not even INSERT OR REPLACE may rewrite a step (its implicit delete fires no delete trigger).
CREATE TRIGGER business_events_no_replace BEFORE INSERT ON business_events
WHEN EXISTS (
  SELECT 1 FROM business_events
  WHERE request_id = NEW.request_id AND COALESCE(from_state, '') = COALESCE(NEW.from_state, '')
)
BEGIN
  SELECT RAISE(ABORT, 'business_events is append-only: this step is already recorded');
END;
CREATE TRIGGER business_events_no_update BEFORE UPDATE ON business_events
BEGIN
  SELECT RAISE(ABORT, 'business_events is append-only');
END;
CREATE TRIGGER business_events_no_delete BEFORE DELETE ON business_events
BEGIN
  SELECT RAISE(ABORT, 'business_events is append-only');
END;

-- The employment status (在职情况) the last completed status change gave a person. `has_left` is 1 for
-- the leaving codes (901 离职, 902 退休, 903 死亡): out of the active roster, progress counts and
-- statistics; none of the person's records is deleted.
CREATE TABLE person_status (
  person_key TEXT PRIMARY KEY REFERENCES persons (person_key),
  code TEXT NOT NULL,
  since TEXT NOT NULL,
  request_id TEXT NOT NULL REFERENCES business_requests (id),
  has_left INTEGER NOT NULL CHECK (has_left IN (0, 1)),
  updated_at TEXT NOT NULL
);
CREATE INDEX person_status_left ON person_status (has_left);
