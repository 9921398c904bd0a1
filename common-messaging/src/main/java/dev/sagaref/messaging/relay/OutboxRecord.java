package dev.sagaref.messaging.relay;

import dev.sagaref.events.MessageMetadata;

/** One committed outbox row on its way to Kafka, as either relay reads it. */
public record OutboxRecord(String topic, String key, MessageMetadata metadata, String payload) {}
