-- Who started what a message is part of (MessageMetadata.initiatedBy), relayed as the initiated_by header.
-- Runs after a service's own migrations on a database that already has them (Flyway's out-of-order mode, set by
-- MessagingAutoConfiguration), before them on a new one; it touches only this module's table either way.
ALTER TABLE outbox ADD COLUMN initiated_by text;
