-- Optimistic locking for the JPA entities (@Version). Existing rows start at 0.
ALTER TABLE accounts ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN version bigint NOT NULL DEFAULT 0;
