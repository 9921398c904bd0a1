package dev.sagaref.messaging.inbox;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Defers an effect outside the database (a metric, a notification) until the surrounding transaction commits. A
 * message handler's transaction may roll back and run again (see {@link IdempotentConsumer}); what it counts must
 * count once. Outside a transaction the effect happens at once.
 */
public final class AfterCommit {

    private AfterCommit() {}

    public static void run(Runnable effect) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            effect.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                effect.run();
            }
        });
    }
}
