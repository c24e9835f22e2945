-- A report's claim in Korean, when the moderator gave one: Korean news posts and answers show it ('' = none,
-- and the English claim is shown instead).
ALTER TABLE news_reports ADD COLUMN claim_ko TEXT NOT NULL DEFAULT '';
