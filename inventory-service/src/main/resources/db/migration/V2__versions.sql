-- Optimistic locking for the JPA entities (@Version). Existing rows start at 0.
ALTER TABLE products ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE reservations ADD COLUMN version bigint NOT NULL DEFAULT 0;
