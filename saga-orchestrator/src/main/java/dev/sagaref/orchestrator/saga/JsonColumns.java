package dev.sagaref.orchestrator.saga;

import dev.sagaref.events.JsonCodec;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import jakarta.persistence.AttributeConverter;
import java.util.List;

/** The saga's JSON columns, written by the same codec as the messages, so rows stay as they were before JPA. */
final class JsonColumns {

    private JsonColumns() {}

    static class SagaDataColumn implements AttributeConverter<OrderSagaData, String> {

        @Override
        public String convertToDatabaseColumn(OrderSagaData data) {
            return JsonCodec.write(data);
        }

        @Override
        public OrderSagaData convertToEntityAttribute(String json) {
            return JsonCodec.read(json, OrderSagaData.class);
        }
    }

    static class TimelineColumn implements AttributeConverter<List<TimelineEntry>, String> {

        @Override
        public String convertToDatabaseColumn(List<TimelineEntry> timeline) {
            return JsonCodec.write(timeline);
        }

        @Override
        public List<TimelineEntry> convertToEntityAttribute(String json) {
            return List.of(JsonCodec.read(json, TimelineEntry[].class));
        }
    }
}
