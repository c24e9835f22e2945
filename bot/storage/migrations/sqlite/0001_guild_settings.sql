-- Per-server settings. Lookups need none yet; the table is here so later features extend it, not invent it.
CREATE TABLE guild_settings (
    guild_id   INTEGER PRIMARY KEY,
    language   TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
