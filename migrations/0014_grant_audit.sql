-- The daily sharing audit covers every managed spreadsheet (src/jobs/sharing.ts): school, account,
-- county recheck and summary. A finding names the kind of spreadsheet it is on; the county's two
-- carry no school code (''). Findings made before this migration were all on school spreadsheets.
ALTER TABLE sharing_findings ADD COLUMN kind TEXT NOT NULL DEFAULT 'school';
