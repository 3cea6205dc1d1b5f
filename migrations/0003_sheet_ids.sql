-- Tab title → sheetId of each spreadsheet, as JSON. The write-back addresses cells by sheetId;
-- caching it spares a spreadsheets.get in every sync (a one-cell edit must cost three Sheets
-- requests: read, guard re-read, write). Refreshed when a read finds the tabs changed.
ALTER TABLE spreadsheets ADD COLUMN sheet_ids TEXT;
