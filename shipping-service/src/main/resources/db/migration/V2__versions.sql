-- Optimistic locking for the JPA entity (@Version). Existing rows start at 0.
ALTER TABLE shipments ADD COLUMN version bigint NOT NULL DEFAULT 0;
