package dev.sagaref.messaging.relay.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.data.Envelope;
import io.debezium.pipeline.meters.CommonEventMeter;
import io.debezium.pipeline.source.spi.EventMetadataProvider;
import io.debezium.pipeline.spi.OffsetContext;
import io.debezium.relational.TableId;
import io.debezium.spi.schema.DataCollectionId;
import io.debezium.util.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class LastEventByTableTest {

    private static final TableId OUTBOX = new TableId(null, "public", "outbox");

    @Test
    void theLastEventNamesItsTableWithoutAskingDebeziumToFormatIt() {
        CommonEventMeter meter = new CommonEventMeter(Clock.system(), new FormattingRefused());

        LastEventByTable.useFor(meter);
        meter.onEvent(OUTBOX, null, "key", null, Envelope.Operation.CREATE);

        assertThat(meter.getLastEvent()).isEqualTo("public.outbox");
        assertThat(meter.getTotalNumberOfCreateEventsSeen()).isEqualTo(1);
    }

    @Test
    void aMeterAlreadyChangedIsLeftAsItIs() {
        CommonEventMeter meter = new CommonEventMeter(Clock.system(), new FormattingRefused());
        LastEventByTable.useFor(meter);
        Object first = PrivateFields.read(PrivateFields.find(CommonEventMeter.class, "metadataProvider"), meter);

        LastEventByTable.useFor(meter);

        assertThat(PrivateFields.read(PrivateFields.find(CommonEventMeter.class, "metadataProvider"), meter))
                .isSameAs(first);
    }

    /** Debezium's own provider, but failing where it would format an event. */
    private static final class FormattingRefused implements EventMetadataProvider {

        @Override
        public String toSummaryString(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            throw new AssertionError("formatted an event for the last-event summary");
        }

        @Override
        public Instant getEventTimestamp(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return null;
        }

        @Override
        public Map<String, String> getEventSourcePosition(
                DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return Map.of();
        }

        @Override
        public String getTransactionId(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return null;
        }
    }
}
