-- A post whose last attempt may have reached Discord without the bot learning so (the process died while the
-- row was 'sending', or the request timed out / failed with a 5xx). Before posting it again, the worker looks
-- at the channel's recent messages for it: Discord forgets a nonce after a few minutes, a retry can come hours later.
ALTER TABLE news_deliveries ADD COLUMN maybe_sent INTEGER NOT NULL DEFAULT 0;
