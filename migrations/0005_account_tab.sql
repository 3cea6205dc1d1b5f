-- The 账号 tab of each school spreadsheet as the worker has written it, and the initial passwords
-- still to be written there. A password exists in clear only in the allocation that issued it;
-- to survive a failed or interrupted tab write it is kept here, AES-256-GCM encrypted under
-- ID_ENCRYPTION_KEY (same format as persons.id_cipher), until the tab shows it, then erased.

CREATE TABLE account_tab (
  teacher_number TEXT PRIMARY KEY REFERENCES teachers (teacher_number),
  -- The school whose 账号 tab holds (or is to hold) the row.
  school_code TEXT NOT NULL REFERENCES schools (code),
  -- `v1:` + base64(iv | ciphertext | tag) of the initial password; NULL once the tab shows it or
  -- it no longer needs showing.
  password_cipher TEXT,
  -- What the tab shows: none (no row yet), password (the row with its password), cleared (the
  -- row with the password cell blanked).
  shown TEXT NOT NULL DEFAULT 'none' CHECK (shown IN ('none', 'password', 'cleared')),
  updated_at TEXT NOT NULL
);
CREATE INDEX account_tab_open ON account_tab (school_code) WHERE shown <> 'cleared';
