package dev.sagaref.messaging.relay.debezium;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Hands the outbox's {@code created_at} to the relay as microseconds since the epoch (UTC), the column's own
 * precision, instead of the ISO-8601 text Debezium gives every {@code timestamptz}.
 *
 * <p>Why: Debezium formats each timestamp with time zone as text, and the relay parsed that text straight back into
 * an {@link Instant}: the formatting alone was 3-9% of each relay's streaming thread at 20 sagas/s, the thread every
 * outbox message passes through (docs/benchmark/README.md, "2026-12-07"). Registered by {@link DebeziumEngineSettings}
 * under Debezium's {@code converters} setting; every other column keeps Debezium's own conversion.
 */
public class CreatedAtAsEpochMicros implements CustomConverter<SchemaBuilder, RelationalColumn> {

    static final String COLUMN = "created_at";

    @Override
    public void configure(Properties properties) {}

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (!COLUMN.equals(column.name()) || !"timestamptz".equalsIgnoreCase(column.typeName())) {
            return;
        }
        SchemaBuilder schema = SchemaBuilder.int64();
        if (column.isOptional()) {
            schema.optional();
        }
        registration.register(schema, CreatedAtAsEpochMicros::epochMicros);
    }

    /** What Debezium read from the stream (an {@link OffsetDateTime}) or, in a snapshot, from JDBC. */
    static Long epochMicros(Object value) {
        return value == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, toInstant(value));
    }

    private static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalArgumentException(
                "Unexpected value for " + COLUMN + ": " + value.getClass().getName());
    }

    /** The relay's side: the instant the column held. */
    static Instant instant(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }
}
