package dev.sagaref.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping for message payloads, pinned by the golden-file tests. Readers ignore unknown fields so a
 * producer may add a field before every consumer knows it.
 */
public final class JsonCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private JsonCodec() {}

    public static String write(Object payload) {
        return MAPPER.writeValueAsString(payload);
    }

    /**
     * Reads a payload; throws {@link MalformedMessageException} for anything that is not a valid instance of the
     * type, so callers can tell poison from a failing handler.
     */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("Cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }
}
