package dev.sagaref.messaging.relay.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class CreatedAtAsEpochMicrosTest {

    private final CreatedAtAsEpochMicros converter = new CreatedAtAsEpochMicros();

    @Test
    void theOutboxCreationTimeBecomesMicrosecondsThatReadBackToTheSameInstant() {
        Registration registration = new Registration();

        converter.converterFor(new Column("created_at", "timestamptz"), registration);

        assertThat(registration.schema.build().type()).isEqualTo(Schema.Type.INT64);
        Instant written = Instant.parse("2026-12-07T00:41:18.714681Z");
        Object micros = registration.converter.convert(OffsetDateTime.ofInstant(written, ZoneOffset.ofHours(2)));
        assertThat(micros).isEqualTo(1_796_604_078_714_681L);
        assertThat(CreatedAtAsEpochMicros.instant((Long) micros)).isEqualTo(written);
        assertThat(registration.converter.convert(Timestamp.from(written))).isEqualTo(micros);
        assertThat(registration.converter.convert(null)).isNull();
        assertThatThrownBy(() -> registration.converter.convert("2026-12-07T00:41:18Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("created_at");
    }

    @Test
    void everyOtherColumnKeepsDebeziumsConversion() {
        Registration registration = new Registration();

        converter.converterFor(new Column("id", "uuid"), registration);
        converter.converterFor(new Column("created_at", "timestamp"), registration);

        assertThat(registration.converter).isNull();
    }

    private static final class Registration implements CustomConverter.ConverterRegistration<SchemaBuilder> {
        SchemaBuilder schema;
        CustomConverter.Converter converter;

        @Override
        public void register(SchemaBuilder schema, CustomConverter.Converter converter) {
            this.schema = schema;
            this.converter = converter;
        }
    }

    private record Column(String name, String typeName) implements RelationalColumn {
        @Override
        public String dataCollection() {
            return "public.outbox";
        }

        @Override
        public int jdbcType() {
            return 0;
        }

        @Override
        public int nativeType() {
            return 0;
        }

        @Override
        public String typeExpression() {
            return typeName;
        }

        @Override
        public OptionalInt length() {
            return OptionalInt.empty();
        }

        @Override
        public OptionalInt scale() {
            return OptionalInt.empty();
        }

        @Override
        public boolean isOptional() {
            return false;
        }

        @Override
        public Object defaultValue() {
            return null;
        }

        @Override
        public boolean hasDefaultValue() {
            return false;
        }
    }
}
