-- Customers' balances in minor units (cents); never negative.
CREATE TABLE accounts (
    customer_id text        PRIMARY KEY,
    balance     bigint      NOT NULL CHECK (balance >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- At most one payment per order: the business key that makes a repeated AuthorizePayment charge nothing more.
CREATE TABLE payments (
    order_id    uuid        PRIMARY KEY,
    customer_id text        NOT NULL,
    amount      bigint      NOT NULL,
    status      text        NOT NULL,  -- AUTHORIZED, DECLINED, REFUNDED, CANCELLED (refunded before it was ever charged)
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
