package dev.sagaref.messaging.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The outbox's {@code created_at_micros}: an instant as microseconds since the epoch. A number, not a
 * {@code timestamptz}, because every relay reads it for every message and Debezium parsed each timestamp from text
 * (V0_3__outbox_created_at_as_epoch_micros.sql).
 */
public final class EpochMicros {

    private EpochMicros() {}

    /** Whole microseconds, anything finer cut off ({@code Outbox} truncates before it writes, so nothing is lost). */
    public static long of(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant toInstant(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }
}
