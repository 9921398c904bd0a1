package dev.sagaref.events.payment;

import java.util.UUID;

/** @param reason e.g. {@code INSUFFICIENT_FUNDS} or {@code UNKNOWN_ACCOUNT} */
public record PaymentDeclined(UUID orderId, String reason) implements PaymentReply {}
