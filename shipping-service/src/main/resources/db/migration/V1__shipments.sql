-- One shipment per order at most: the business key that makes a repeated ScheduleShipment schedule nothing more.
CREATE TABLE shipments (
    id              uuid        PRIMARY KEY,
    order_id        uuid        NOT NULL UNIQUE,
    status          text        NOT NULL,  -- SCHEDULED, CANCELLED
    tracking_number text,
    country         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
