-- The 重置密码 boxes of the account spreadsheets: the worker reads a school's 账号 tab only when
-- Drive lists the file at a version that is neither one it already read nor one its own write
-- made (as `spreadsheets` does for the school spreadsheets).

-- The version the poll's listing last showed; the version last read for ticks; the version our
-- last write of the tab is expected to have made (NULL: none since the last read).
ALTER TABLE account_spreadsheets ADD COLUMN listed_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_spreadsheets ADD COLUMN synced_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_spreadsheets ADD COLUMN own_write_version INTEGER;
