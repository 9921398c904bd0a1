package dev.sagaref.messaging.archfixture.clean;

/** Fixture: shared messaging code that uses nothing of any service. */
public class KnowsOnlyItself {
    String topic = "orders";
}
