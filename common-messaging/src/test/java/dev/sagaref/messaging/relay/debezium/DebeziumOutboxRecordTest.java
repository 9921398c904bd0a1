package dev.sagaref.messaging.relay.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.messaging.outbox.EpochMicros;
import dev.sagaref.messaging.relay.OutboxRecord;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** How the relay reads an outbox insert from Debezium's change event. */
class DebeziumOutboxRecordTest {

    private static final Instant WRITTEN = Instant.parse("2026-12-07T18:40:01.123456Z");

    @Test
    void readsTheWriteTimeFromTheMicrosecondsColumn() {
        OutboxRecord record = DebeziumOutboxRelay.toOutboxRecord(
                        insert("created_at_micros", Schema.INT64_SCHEMA, EpochMicros.of(WRITTEN)))
                .orElseThrow();

        assertThat(record.metadata().createdAt()).isEqualTo(WRITTEN);
        assertThat(record.topic()).isEqualTo("order.events");
        assertThat(record.payload()).isEqualTo("{}");
    }

    /** A row written before V0_3 and still in the WAL when it ran is decoded with the table's old columns. */
    @Test
    void readsTheWriteTimeOfARowWrittenBeforeTheColumnChanged() {
        OutboxRecord record = DebeziumOutboxRelay.toOutboxRecord(
                        insert("created_at", Schema.STRING_SCHEMA, "2026-12-07T18:40:01.123456Z"))
                .orElseThrow();

        assertThat(record.metadata().createdAt()).isEqualTo(WRITTEN);
    }

    private static SourceRecord insert(String createdAtColumn, Schema createdAtSchema, Object createdAt) {
        Schema rowSchema = SchemaBuilder.struct()
                .field("id", Schema.STRING_SCHEMA)
                .field("topic", Schema.STRING_SCHEMA)
                .field("message_key", Schema.STRING_SCHEMA)
                .field("message_type", Schema.STRING_SCHEMA)
                .field("schema_version", Schema.INT32_SCHEMA)
                .field("saga_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field("correlation_id", Schema.STRING_SCHEMA)
                .field("causation_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field("initiated_by", Schema.OPTIONAL_STRING_SCHEMA)
                .field("traceparent", Schema.OPTIONAL_STRING_SCHEMA)
                .field(createdAtColumn, createdAtSchema)
                .field("payload", Schema.STRING_SCHEMA)
                .build();
        String orderId = UUID.randomUUID().toString();
        Struct row = new Struct(rowSchema)
                .put("id", UUID.randomUUID().toString())
                .put("topic", "order.events")
                .put("message_key", orderId)
                .put("message_type", "OrderCreated")
                .put("schema_version", 1)
                .put("correlation_id", orderId)
                .put(createdAtColumn, createdAt)
                .put("payload", "{}");
        Schema envelopeSchema = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("after", rowSchema)
                .build();
        Struct envelope = new Struct(envelopeSchema).put("op", "c").put("after", row);
        return new SourceRecord(Map.of(), Map.of(), "outbox", null, envelopeSchema, envelope);
    }
}
