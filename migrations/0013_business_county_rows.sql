-- What the county's approval tabs (调动审批, 在职情况变动审批, 交流轮岗审批) show of each county
-- step of a business request, as the worker last wrote it. The recheck consumer appends a step's
-- row when the request reaches it and rewrites 办理状态 only when the registry's status differs,
-- so an idle cycle finds no work here and makes no Google request.
CREATE TABLE business_county_rows (
  request_id TEXT NOT NULL,
  -- core/recheck/approvals CountyStep: issue | release | approve.
  step TEXT NOT NULL,
  -- 办理状态 as written.
  shown_status TEXT NOT NULL,
  -- 1 once the request is terminal and its final status is shown: never looked at again.
  settled INTEGER NOT NULL DEFAULT 0,
  shown_at TEXT NOT NULL,
  PRIMARY KEY (request_id, step)
);

CREATE INDEX business_county_rows_open ON business_county_rows (settled) WHERE settled = 0;

-- Schools to sync because 人事股 decided one of their requests: written before the decision is
-- applied, deleted once the school's sheet was synced. A run that fails in between (a quota
-- error, a crash) leaves the rows, and the next run of the recheck sync syncs those schools.
CREATE TABLE business_county_syncs (
  request_id TEXT NOT NULL,
  school_code TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (request_id, school_code)
);
