-- Template tabs a school sync could not trust (a tab renamed, perhaps to make room for a
-- look-alike under its name, or deleted), as JSON: shown to the county in the admin API and
-- remembered so the school is told once, in the tab itself.
ALTER TABLE spreadsheets ADD COLUMN tab_problems TEXT;
