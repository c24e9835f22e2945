-- The preview a report or announcement was published from (the token in its Publish button's custom_id), so a
-- second press, or a press after a restart, finds what the first one published instead of publishing it again.
ALTER TABLE news_reports ADD COLUMN preview_token TEXT;
ALTER TABLE news_announcements ADD COLUMN preview_token TEXT;
CREATE UNIQUE INDEX news_reports_preview_token ON news_reports (preview_token) WHERE preview_token IS NOT NULL;
CREATE UNIQUE INDEX news_announcements_preview_token ON news_announcements (preview_token)
    WHERE preview_token IS NOT NULL;
