package dev.sagaref.messaging.relay.debezium;

import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.pipeline.meters.CommonEventMeter;
import io.debezium.pipeline.metrics.PipelineMetrics;
import io.debezium.pipeline.source.spi.EventMetadataProvider;
import io.debezium.pipeline.spi.OffsetContext;
import io.debezium.pipeline.txmetadata.TransactionInfo;
import io.debezium.spi.schema.DataCollectionId;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last-event summary of Debezium's streaming metrics (the {@code LastEvent} JMX attribute), made from the event's
 * table alone.
 *
 * <p>Why: Debezium (3.6) writes the summary for every event it streams, by formatting the event's key and source
 * position with Jackson, and nothing reads it unless someone looks at the attribute. That was 11-16% of each relay's
 * streaming thread at 20 sagas/s (docs/benchmark/README.md, "2026-12-07"), on the one thread every outbox message
 * passes through. The attribute now names the table; every other metric (events seen, time since the last event,
 * the lag behind the source) stays Debezium's own.
 */
final class LastEventByTable implements EventMetadataProvider {

    private static final Logger log = LoggerFactory.getLogger(LastEventByTable.class);

    private static final Field STREAMING_METRICS =
            PrivateFields.find(ChangeEventSourceCoordinator.class, "streamingMetrics");
    private static final Field EVENT_METER = PrivateFields.find(PipelineMetrics.class, "commonEventMeter");
    private static final Field SUMMARIZER = PrivateFields.find(CommonEventMeter.class, "metadataProvider");

    private final EventMetadataProvider debeziums;

    private LastEventByTable(EventMetadataProvider debeziums) {
        this.debeziums = debeziums;
    }

    /**
     * Gives the streaming metrics the coordinator made at its start this summary; events streamed before this call
     * are summarised Debezium's way. The fields are looked up when this class loads, so a Debezium version without
     * them fails {@code LastEventByTableTest}. Should a JDK refuse to change the field, the metrics keep Debezium's
     * summary and this says so.
     */
    static void useFor(ChangeEventSourceCoordinator<?, ?> coordinator) {
        try {
            if (PrivateFields.read(STREAMING_METRICS, coordinator) instanceof PipelineMetrics<?> metrics) {
                useFor((CommonEventMeter) PrivateFields.read(EVENT_METER, metrics));
            }
        } catch (RuntimeException e) {
            log.warn("Debezium's streaming metrics keep formatting every event for their last-event summary", e);
        }
    }

    static void useFor(CommonEventMeter meter) {
        EventMetadataProvider current = (EventMetadataProvider) PrivateFields.read(SUMMARIZER, meter);
        if (current == null || current instanceof LastEventByTable) {
            return;
        }
        try {
            SUMMARIZER.set(meter, new LastEventByTable(current));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot replace " + SUMMARIZER, e);
        }
    }

    @Override
    public String toSummaryString(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
        return source == null ? null : source.identifier();
    }

    @Override
    public Instant getEventTimestamp(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
        return debeziums.getEventTimestamp(source, offset, key, value);
    }

    @Override
    public Map<String, String> getEventSourcePosition(
            DataCollectionId source, OffsetContext offset, Object key, Struct value) {
        return debeziums.getEventSourcePosition(source, offset, key, value);
    }

    @Override
    public String getTransactionId(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
        return debeziums.getTransactionId(source, offset, key, value);
    }

    @Override
    public TransactionInfo getTransactionInfo(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
        return debeziums.getTransactionInfo(source, offset, key, value);
    }
}
