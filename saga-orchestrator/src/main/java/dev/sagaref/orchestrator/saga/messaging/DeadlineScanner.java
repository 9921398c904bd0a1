package dev.sagaref.orchestrator.saga.messaging;

import dev.sagaref.orchestrator.saga.OrderSagaService;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fires saga deadlines. Runs on every instance: the scan locks due sagas with SKIP LOCKED, so instances share the
 * work and no deadline fires twice.
 */
@Component
class DeadlineScanner {

    private static final int BATCH = 200;

    private final OrderSagaService sagas;

    DeadlineScanner(OrderSagaService sagas) {
        this.sagas = sagas;
    }

    @Scheduled(fixedDelayString = "${saga.deadline-scan-interval:PT1S}")
    void fireDueDeadlines() {
        while (sagas.fireDueDeadlines(BATCH) == BATCH) {
            // a full batch: there may be more due right now
        }
    }
}
