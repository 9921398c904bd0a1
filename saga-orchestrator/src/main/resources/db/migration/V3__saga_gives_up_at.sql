-- A step's command is now resent only when it can have been lost; the time at which the running step is given up
-- and compensated is kept apart from deadline_at, the next time the saga is looked at.
ALTER TABLE sagas ADD COLUMN gives_up_at timestamptz;
-- Sagas in flight during the upgrade keep a bound: their step is given up a minute after its next old deadline.
UPDATE sagas SET gives_up_at = deadline_at + interval '1 minute' WHERE status = 'RUNNING' AND deadline_at IS NOT NULL;
