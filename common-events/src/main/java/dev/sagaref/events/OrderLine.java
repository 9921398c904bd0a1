package dev.sagaref.events;

/** One line of an order. {@code unitPrice} is in minor units (cents). */
public record OrderLine(String sku, int quantity, long unitPrice) {}
