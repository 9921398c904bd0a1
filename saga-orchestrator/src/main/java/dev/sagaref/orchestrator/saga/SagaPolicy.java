package dev.sagaref.orchestrator.saga;

import java.time.Duration;

/**
 * Deadlines and retry limits. A command is resent only when it can have been lost, never merely because its
 * participant is behind: every {@code resendAfter} the orchestrator asks Kafka whether the participant has read past
 * the command and whether a reply waits unread (see {@link CommandDelivery}).
 *
 * @param stepTimeout how long a forward step that can be undone waits for its reply, from its first send, before it
 *     is given up and compensated as if it had taken effect
 * @param resendAfter how long after a send the orchestrator first asks whether the command can have been lost, and
 *     asks again while it cannot tell; after each actual resend the wait doubles, up to {@code maxBackoff}
 * @param maxCompensationAttempts sends of a compensating command before the saga stops in COMPENSATION_FAILED
 * @param maxBackoff the longest wait between two resends
 */
public record SagaPolicy(Duration stepTimeout, Duration resendAfter, int maxCompensationAttempts, Duration maxBackoff) {

    public SagaPolicy {
        if (maxCompensationAttempts < 1) {
            throw new IllegalArgumentException("Compensation attempts must be at least 1");
        }
        if (resendAfter.isZero() || resendAfter.isNegative()) {
            throw new IllegalArgumentException("resendAfter must be positive");
        }
    }

    /** When to ask again after the {@code sends}-th send (1-based): doubling per resend, capped. */
    public Duration resendCheckAfter(int sends) {
        Duration wait = resendAfter.multipliedBy(1L << Math.min(sends - 1, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
