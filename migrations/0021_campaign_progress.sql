-- The county's view of the campaign (issue 20): each school's expected headcount, and one
-- snapshot of the county's progress per county (Beijing) day.

-- 应采集人数 from the county's schools list (在编 + 合同 in scope, as the school reports it),
-- carried by the school spreadsheet's appProperty `schoolExpected`. Null: the list gave none,
-- and the summary says 未填应采集人数 rather than 完成.
ALTER TABLE schools ADD COLUMN expected_staff INTEGER CHECK (expected_staff >= 0);

-- The summary build's daily snapshot: counts only (people, never who). One row per county day,
-- replaced by each later build that day, so the day keeps its last figures.
CREATE TABLE progress_snapshots (
  -- County (Beijing) date, YYYY-MM-DD.
  day TEXT PRIMARY KEY,
  -- Sum of the schools' expected headcounts (those that gave one).
  expected INTEGER NOT NULL,
  -- People on the schools' 基本信息 tabs.
  entered INTEGER NOT NULL,
  -- People the principal has approved: none of their records waits for the school.
  approved INTEGER NOT NULL,
  -- People whose every record is in force (已生效).
  effective INTEGER NOT NULL,
  -- Live records, and of those the ones with values in force (the 进度 tab's history before).
  effective_records INTEGER NOT NULL,
  schools_complete INTEGER NOT NULL,
  built_at TEXT NOT NULL
);
