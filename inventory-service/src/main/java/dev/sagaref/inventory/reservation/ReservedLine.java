package dev.sagaref.inventory.reservation;

/** One product of a reservation and how many units of it the order holds. */
public record ReservedLine(String sku, int quantity) {}
