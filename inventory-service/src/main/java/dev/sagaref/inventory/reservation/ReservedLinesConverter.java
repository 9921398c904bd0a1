package dev.sagaref.inventory.reservation;

import dev.sagaref.events.JsonCodec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** A reservation's lines as the JSON array its {@code lines} column holds, written by the same codec as messages. */
@Converter
class ReservedLinesConverter implements AttributeConverter<List<ReservedLine>, String> {

    @Override
    public String convertToDatabaseColumn(List<ReservedLine> lines) {
        return JsonCodec.write(lines);
    }

    @Override
    public List<ReservedLine> convertToEntityAttribute(String json) {
        return List.of(JsonCodec.read(json, ReservedLine[].class));
    }
}
