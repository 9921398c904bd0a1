package dev.sagaref.events.payment;

import java.util.UUID;

/** Debit {@code amount} minor units from the customer's balance for this order, at most once per order. */
public record AuthorizePayment(UUID orderId, String customerId, long amount) {}
