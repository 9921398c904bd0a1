-- The trace the saga was last advanced in (W3C traceparent). A deadline that fires long after the last message
-- continues this trace, so timeouts, resends and the compensations they start show up in the order's trace.
ALTER TABLE sagas ADD COLUMN traceparent text;
