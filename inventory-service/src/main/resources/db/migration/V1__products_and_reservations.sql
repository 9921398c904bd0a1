-- Stock on hand and how much of it is reserved by orders; available = stock - reserved, never negative.
CREATE TABLE products (
    sku        text        PRIMARY KEY,
    name       text        NOT NULL,
    stock      integer     NOT NULL CHECK (stock >= 0),
    reserved   integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (reserved <= stock)
);

-- One row per order: the business key that makes a repeated ReserveStock reserve nothing more.
CREATE TABLE reservations (
    order_id   uuid        PRIMARY KEY,
    status     text        NOT NULL,  -- RESERVED, REJECTED, RELEASED
    lines      json        NOT NULL,  -- what was reserved: [{"sku": ..., "quantity": ...}]
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
