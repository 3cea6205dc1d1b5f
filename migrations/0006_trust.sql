-- Trust boundaries (README, "What the system trusts and why").

-- 1. ID numbers are shown as a keyed reference, never as a mask. The old mask (430623********123X)
-- sat beside 出生日期, which is digits 7–14: the ID could be read back. The reference is
-- '参考码' + the first 8 hex digits of the person key (HMAC under ID_HASH_KEY), which SQL can
-- compute from what is stored (src/adapters/crypto/id-number.ts, idReference).
-- Rows waiting for the county sheet first: the old mask of the record's person becomes its
-- reference (masks are not unique, so each row is matched through its own record).
UPDATE county_rows
SET rows_json = (
  SELECT replace(
    county_rows.rows_json,
    '"' || p.id_masked || '"',
    '"参考码' || upper(substr(p.person_key, 1, 8)) || '"'
  )
  FROM records r JOIN persons p ON p.person_key = r.person_key
  WHERE r.record_id = county_rows.record_id
)
WHERE EXISTS (
  SELECT 1 FROM records r JOIN persons p ON p.person_key = r.person_key
  WHERE r.record_id = county_rows.record_id
);
UPDATE persons SET id_masked = '参考码' || upper(substr(person_key, 1, 8));

-- 2. One sync per spreadsheet at a time (src/adapters/store/leases.ts): a run holds the lease
-- while it reads and writes the sheet; another run meanwhile skips. `expires_at` frees the
-- spreadsheet when a run died holding it.
CREATE TABLE sync_leases (
  spreadsheet_id TEXT PRIMARY KEY,
  -- A random id per run, so a run releases only its own lease.
  holder TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;

-- 3. The daily sharing audit's findings (src/jobs/sharing.ts): grants on a school spreadsheet
-- that provisioning did not make. Replaced whole by each audit; read by the 总览 and
-- GET /api/sharing. `grantee` is an e-mail address or how Drive names a non-person grantee.
CREATE TABLE sharing_findings (
  spreadsheet_id TEXT NOT NULL,
  school_code TEXT NOT NULL,
  grantee TEXT NOT NULL,
  role TEXT NOT NULL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (spreadsheet_id, grantee)
) WITHOUT ROWID;
