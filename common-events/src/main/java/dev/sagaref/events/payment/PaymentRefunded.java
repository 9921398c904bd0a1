package dev.sagaref.events.payment;

import java.util.UUID;

/** @param amount what was given back; 0 when nothing had been charged */
public record PaymentRefunded(UUID orderId, long amount) implements PaymentReply {}
