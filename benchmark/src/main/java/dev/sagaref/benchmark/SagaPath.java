package dev.sagaref.benchmark;

import java.util.Collection;
import java.util.List;

/** The ways a benchmark order goes through the saga, each with the commands the orchestrator sends on it. */
enum SagaPath {
    APPROVED("AuthorizePayment", "ReserveStock", "ScheduleShipment", "ApproveOrder"),
    INSUFFICIENT_FUNDS("AuthorizePayment", "RejectOrder"),
    OUT_OF_STOCK("AuthorizePayment", "ReserveStock", "RefundPayment", "RejectOrder"),
    UNSUPPORTED_DESTINATION(
            "AuthorizePayment", "ReserveStock", "ScheduleShipment", "ReleaseStock", "RefundPayment", "RejectOrder");

    private final List<String> commands;

    SagaPath(String... commands) {
        this.commands = List.of(commands);
    }

    List<String> commands() {
        return commands;
    }

    /** What the orchestrator's relay must publish for these sagas if no command is ever sent twice. */
    static long commandsNeeded(Collection<SagaPath> sagas) {
        return sagas.stream().mapToLong(saga -> saga.commands().size()).sum();
    }
}
