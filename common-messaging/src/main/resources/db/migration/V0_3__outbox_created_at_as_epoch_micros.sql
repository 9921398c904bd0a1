-- The outbox's write time as microseconds since the epoch (UTC), the precision timestamptz keeps. Debezium's
-- pgoutput decoder parsed every timestamptz it streamed from text into an OffsetDateTime, only for the relay to turn
-- it into a number again: 11.5% of the streaming threads' samples at 20 sagas/s, on the one thread every message
-- passes through (docs/benchmark/README.md, "2026-12-07, night"). A bigint it reads as a number. Pods of the version
-- before this one write created_at: stop them before this runs (k8s/README.md). To read the time in psql:
--   SELECT to_timestamp(created_at_micros / 1e6) FROM outbox;
-- Rows already waiting keep their time (the conversion is exact: extract returns numeric).
ALTER TABLE outbox ALTER COLUMN created_at TYPE bigint USING (extract(epoch FROM created_at) * 1000000)::bigint;
ALTER TABLE outbox RENAME COLUMN created_at TO created_at_micros;
