package dev.sagaref.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.order.ApproveOrder;
import dev.sagaref.events.payment.AuthorizePayment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the JSON wire format: each message type has a golden file under {@code src/test/resources/golden}. Renaming,
 * removing or retyping a field breaks these tests; a change that is meant to break the format needs a new schema
 * version and a new golden file, because consumers still running the old code will read it.
 */
class WireFormatTest {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    static Stream<Object> samples() {
        return SampleMessages.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesExactlyTheGoldenFile(Object sample) throws IOException {
        String golden = golden(MessageCatalog.of(sample.getClass()));
        assertThat(PLAIN.readTree(JsonCodec.write(sample))).isEqualTo(PLAIN.readTree(golden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsTheGoldenFileBackToTheSameMessage(Object sample) throws IOException {
        String golden = golden(MessageCatalog.of(sample.getClass()));
        assertThat(JsonCodec.read(golden, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void everyCatalogTypeHasASample() {
        assertThat(SampleMessages.ALL.stream().map(Object::getClass))
                .containsExactlyInAnyOrderElementsOf(MessageCatalog.all().stream()
                        .map(MessageType::payloadClass)
                        .toList());
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnow() {
        String newer = "{\"orderId\":\"" + SampleMessages.ORDER + "\",\"approvedBy\":\"someone\",\"extra\":{\"a\":1}}";
        assertThat(JsonCodec.read(newer, ApproveOrder.class)).isEqualTo(new ApproveOrder(SampleMessages.ORDER));
    }

    @Test
    void aMissingAmountIsAnErrorNotZero() {
        String withoutAmount = "{\"orderId\":\"" + SampleMessages.ORDER + "\",\"customerId\":\"c\"}";
        assertThatThrownBy(() -> JsonCodec.read(withoutAmount, AuthorizePayment.class))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void unparseableJsonIsMalformed() {
        assertThatThrownBy(() -> JsonCodec.read("{not json", ApproveOrder.class))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void unknownTypeNamesAreNotInTheCatalog() {
        assertThat(MessageCatalog.byName("NoSuchMessage")).isEmpty();
        assertThat(MessageCatalog.byName("AuthorizePayment"))
                .map(MessageType::payloadClass)
                .contains(AuthorizePayment.class);
    }

    private static String golden(MessageType type) throws IOException {
        String path = "/golden/" + type.name() + ".v" + type.schemaVersion() + ".json";
        try (InputStream in = WireFormatTest.class.getResourceAsStream(path)) {
            assertThat(in).as("golden file " + path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
