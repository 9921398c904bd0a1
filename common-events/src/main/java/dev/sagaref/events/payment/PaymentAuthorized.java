package dev.sagaref.events.payment;

import java.util.UUID;

public record PaymentAuthorized(UUID orderId, long amount) implements PaymentReply {}
