-- Sequel reports, announcements, where each server's news goes, and the delivery outbox.
-- Times are ISO-8601 UTC text written by the bot; next_attempt_at is epoch seconds so the worker can compare
-- it with its clock cheaply.

CREATE TABLE news_reports (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,  -- shown as #N; never reused
    scope             TEXT    NOT NULL CHECK (scope IN ('network', 'local')),
    origin_guild_id   INTEGER NOT NULL,
    author_id         INTEGER NOT NULL,
    outlet            TEXT    NOT NULL,
    claim             TEXT    NOT NULL,
    status            TEXT    NOT NULL
        CHECK (status IN ('rumor', 'report', 'statement', 'confirmed', 'denied', 'cancelled')),
    url               TEXT    NOT NULL DEFAULT '',
    reported_on       TEXT    NOT NULL,  -- YYYY-MM-DD
    created_at        TEXT    NOT NULL,
    edited_at         TEXT,
    retracted_at      TEXT,
    retraction_reason TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX news_reports_visible ON news_reports (scope, origin_guild_id);

-- An announcement is a post to the announcing server's own news channel, through the same outbox.
CREATE TABLE news_announcements (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    author_id  INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TABLE news_subscriptions (
    guild_id      INTEGER PRIMARY KEY,
    channel_id    INTEGER NOT NULL,
    role_id       INTEGER,            -- the only thing a post may ping in this server
    language      TEXT    NOT NULL DEFAULT 'en',
    subscribed_by INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    paused_reason TEXT,               -- NULL while active; a short code ('missing_permissions', ...) when paused
    paused_detail TEXT    NOT NULL DEFAULT '',
    paused_at     TEXT
);
CREATE INDEX news_subscriptions_active ON news_subscriptions (guild_id) WHERE paused_reason IS NULL;

-- The outbox: one row per message to post (kind 'post') or to bring up to date (kind 'edit').
-- An edit row always renders the report as it is when sent, so several edits of one report coalesce into one
-- row per channel.
CREATE TABLE news_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id       INTEGER REFERENCES news_reports (id),
    announcement_id INTEGER REFERENCES news_announcements (id),
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('post', 'edit')),
    state           TEXT    NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'delivered', 'rejected')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL    NOT NULL DEFAULT 0,
    message_id      INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    finished_at     TEXT,
    CHECK ((report_id IS NULL) <> (announcement_id IS NULL))
);
CREATE UNIQUE INDEX news_deliveries_report_channel ON news_deliveries (report_id, channel_id, kind)
    WHERE report_id IS NOT NULL;
CREATE UNIQUE INDEX news_deliveries_announcement_channel ON news_deliveries (announcement_id, channel_id, kind)
    WHERE announcement_id IS NOT NULL;
CREATE INDEX news_deliveries_due ON news_deliveries (next_attempt_at, id) WHERE state IN ('pending', 'sending');
CREATE INDEX news_deliveries_guild ON news_deliveries (guild_id, id);

-- Who did what, when: subscribe, unsubscribe, publish, edit, retract, announce, pause.
CREATE TABLE news_audit (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        INTEGER NOT NULL,
    actor_id        INTEGER,          -- NULL when the bot itself acted (pausing a broken subscription)
    action          TEXT    NOT NULL,
    report_id       INTEGER,
    announcement_id INTEGER,
    detail          TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL
);
