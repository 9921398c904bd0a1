CREATE TABLE orders (
    id                  uuid        PRIMARY KEY,
    customer_id         text        NOT NULL,
    total               bigint      NOT NULL CHECK (total >= 0),   -- minor units (cents)
    status              text        NOT NULL,                      -- PENDING, APPROVED, REJECTED
    rejection_reason    text,
    ship_name           text        NOT NULL,
    ship_street         text        NOT NULL,
    ship_city           text        NOT NULL,
    ship_postal_code    text        NOT NULL,
    ship_country        text        NOT NULL,
    idempotency_key     text        UNIQUE,                        -- from the Idempotency-Key header, if given
    request_fingerprint text,                                      -- SHA-256 of the request it was first used with
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at);
CREATE INDEX orders_status_idx ON orders (status, created_at);

CREATE TABLE order_items (
    order_id   uuid    NOT NULL REFERENCES orders (id),
    line_no    integer NOT NULL,
    sku        text    NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    unit_price bigint  NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);
