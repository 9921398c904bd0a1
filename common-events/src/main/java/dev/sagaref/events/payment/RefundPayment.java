package dev.sagaref.events.payment;

import java.util.UUID;

/** Undo {@link AuthorizePayment} for this order; a no-op (that still replies) if nothing was charged. */
public record RefundPayment(UUID orderId, String customerId, long amount) {}
