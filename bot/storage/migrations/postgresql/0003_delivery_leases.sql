-- A row being sent belongs to one process until its lease runs out: `lease_owner` names the process, and
-- `lease_until` (epoch seconds, the worker's clock) is when another process may take it over, as one whose
-- owner died mid-send (so it is looked for in its channel before being posted again).
ALTER TABLE news_deliveries ADD COLUMN lease_owner TEXT;
ALTER TABLE news_deliveries ADD COLUMN lease_until DOUBLE PRECISION;
