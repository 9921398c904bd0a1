package dev.sagaref.events;

import java.util.List;

/** Kafka header names for {@link MessageMetadata}. Values are UTF-8 strings so Kafka UI shows them as text. */
public final class MessageHeaders {

    public static final String MESSAGE_ID = "message_id";
    public static final String MESSAGE_TYPE = "message_type";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String SAGA_ID = "saga_id";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String CAUSATION_ID = "causation_id";
    public static final String INITIATED_BY = "initiated_by";
    public static final String TRACEPARENT = "traceparent";
    public static final String CREATED_AT = "created_at";

    public static final List<String> ALL = List.of(
            MESSAGE_ID,
            MESSAGE_TYPE,
            SCHEMA_VERSION,
            SAGA_ID,
            CORRELATION_ID,
            CAUSATION_ID,
            INITIATED_BY,
            TRACEPARENT,
            CREATED_AT);

    private MessageHeaders() {}
}
