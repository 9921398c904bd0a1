-- The saga's timeline leaves its JSON column. Every reply read the whole array and wrote it back (a fifth of the
-- orchestrator's reply thread at 20 sagas/s, docs/benchmark/README.md); now the running step sits in the saga's row
-- and a step that ends is appended to saga_steps, which nothing reads while sagas run.
-- The orchestrator of the version before must be stopped before this runs: it writes the dropped column
-- (k8s/README.md, "Upgrades that change a table in place").

-- Ended steps, in the order they started. Insert-only: a step's row is written once, when it ends.
CREATE TABLE saga_steps (
    saga_id      uuid        NOT NULL REFERENCES sagas (id) ON DELETE CASCADE,
    position     integer     NOT NULL,  -- 0 for the saga's first step
    name         text        NOT NULL,
    status       text        NOT NULL,  -- SUCCEEDED, FAILED, TIMED_OUT or COMPENSATED
    attempts     integer     NOT NULL,
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz NOT NULL,
    initiated_by text,                  -- the operator who began it by hand; null for the saga's own steps
    PRIMARY KEY (saga_id, position)
);

-- The running step (null once the saga has ended; its attempts are the saga's attempts column) and how many steps
-- have ended, which is the position the running step takes in saga_steps when it ends.
ALTER TABLE sagas
    ADD COLUMN step_name text,
    ADD COLUMN step_started_at timestamptz,
    ADD COLUMN step_initiated_by text,
    ADD COLUMN ended_steps integer NOT NULL DEFAULT 0;

INSERT INTO saga_steps (saga_id, position, name, status, attempts, started_at, ended_at, initiated_by)
SELECT s.id, entry.position - 1, entry.value ->> 'name', entry.value ->> 'status',
       (entry.value ->> 'attempts')::integer, (entry.value ->> 'startedAt')::timestamptz,
       (entry.value ->> 'endedAt')::timestamptz, entry.value ->> 'initiatedBy'
FROM sagas s, json_array_elements(s.timeline) WITH ORDINALITY AS entry (value, position)
WHERE entry.value ->> 'endedAt' IS NOT NULL;

-- Only the last entry of a timeline can be running.
UPDATE sagas s
SET step_name = running.value ->> 'name',
    step_started_at = (running.value ->> 'startedAt')::timestamptz,
    step_initiated_by = running.value ->> 'initiatedBy'
FROM (SELECT id, timeline -> (json_array_length(timeline) - 1) AS value FROM sagas WHERE json_array_length(timeline) > 0)
    AS running
WHERE s.id = running.id AND running.value ->> 'endedAt' IS NULL;

UPDATE sagas s SET ended_steps = ended.count
FROM (SELECT saga_id, count(*) AS count FROM saga_steps GROUP BY saga_id) AS ended
WHERE s.id = ended.saga_id;

ALTER TABLE sagas DROP COLUMN timeline;
