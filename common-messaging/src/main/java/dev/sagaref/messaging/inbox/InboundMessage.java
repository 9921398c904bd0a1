package dev.sagaref.messaging.inbox;

import dev.sagaref.events.MessageMetadata;

/** A message read from Kafka: its metadata and its payload, an instance of the type its header names. */
public record InboundMessage(String topic, MessageMetadata metadata, Object payload) {}
