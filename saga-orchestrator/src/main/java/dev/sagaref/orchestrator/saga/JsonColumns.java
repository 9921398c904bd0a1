package dev.sagaref.orchestrator.saga;

import dev.sagaref.events.JsonCodec;
import jakarta.persistence.AttributeConverter;

/** The saga's JSON column, written by the same codec as the messages, so rows stay as they were before JPA. */
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
}
