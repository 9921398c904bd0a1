-- A stand-in for a service's business table: one row per applied message effect.
CREATE TABLE test_effects (
    message_id   uuid    NOT NULL PRIMARY KEY,
    order_id     uuid    NOT NULL,
    applications integer NOT NULL
);
