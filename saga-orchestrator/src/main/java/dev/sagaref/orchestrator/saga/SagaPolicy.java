package dev.sagaref.orchestrator.saga;

import java.time.Duration;

/**
 * Deadlines and retry limits.
 *
 * @param stepTimeout how long a step waits for its reply before its command is sent again
 * @param maxStepAttempts sends of a step's command before the step is given up and compensated
 * @param maxCompensationAttempts sends of a compensating command before the saga stops in COMPENSATION_FAILED
 * @param maxBackoff the wait between resends doubles from {@code stepTimeout} up to this
 */
public record SagaPolicy(Duration stepTimeout, int maxStepAttempts, int maxCompensationAttempts, Duration maxBackoff) {

    public SagaPolicy {
        if (maxStepAttempts < 1 || maxCompensationAttempts < 1) {
            throw new IllegalArgumentException("Attempts must be at least 1");
        }
    }

    /** Wait after the {@code attempt}-th send (1-based): the timeout, doubled per resend, capped. */
    public Duration deadlineAfter(int attempt) {
        Duration wait = stepTimeout.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
