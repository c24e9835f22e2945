-- A retraction's reason in Korean, when the moderator gave one: Korean copies of the retracted post show it
-- ('' = none, and the reason is shown as typed). See bot/news/bilingual.py for the rule every such pair follows.
ALTER TABLE news_reports ADD COLUMN retraction_reason_ko TEXT NOT NULL DEFAULT '';
