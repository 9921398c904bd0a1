package dev.sagaref.events;

/**
 * A payload class together with its stable wire name and schema version. The wire name, not the Java class name,
 * goes on the wire, so classes can be moved or renamed without breaking consumers that are still running.
 */
public record MessageType(String name, int schemaVersion, Class<?> payloadClass) {}
