-- Shipped by common-messaging; every service runs it before its own migrations (which start at V1).

-- Messages waiting to be relayed to Kafka, written in the same transaction as the business change.
-- The relay reads inserts from the WAL (Debezium) or from this table (polling); see OutboxCleanup for retention.
CREATE TABLE outbox (
    sequence_number bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              uuid        NOT NULL,
    topic           text        NOT NULL,
    message_key     text        NOT NULL,
    message_type    text        NOT NULL,
    schema_version  integer     NOT NULL,
    saga_id         uuid,
    correlation_id  uuid        NOT NULL,
    causation_id    uuid,
    traceparent     text,
    created_at      timestamptz NOT NULL,
    payload         json        NOT NULL  -- json, not jsonb: kept byte for byte as written, and cheaper to insert
);

-- Messages this service has already processed, per consumer. The primary key is the deduplication.
CREATE TABLE inbox (
    consumer    text        NOT NULL,
    message_id  uuid        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_received_at_idx ON inbox (received_at);

-- ShedLock: scheduled cleanup jobs run on one instance at a time.
CREATE TABLE shedlock (
    name       varchar(64)  NOT NULL PRIMARY KEY,
    lock_until timestamp    NOT NULL,
    locked_at  timestamp    NOT NULL,
    locked_by  varchar(255) NOT NULL
);

-- Debezium's offsets (JdbcOffsetBackingStore's layout), kept in the service's own database so pods need no volume.
CREATE TABLE debezium_offset_storage (
    id                varchar(36) NOT NULL PRIMARY KEY,
    offset_key        varchar(1255),
    offset_val        varchar(1255),
    record_insert_ts  timestamp   NOT NULL,
    record_insert_seq integer     NOT NULL
);
