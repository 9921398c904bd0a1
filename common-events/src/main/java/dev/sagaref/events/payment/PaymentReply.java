package dev.sagaref.events.payment;

import java.util.UUID;

public sealed interface PaymentReply permits PaymentAuthorized, PaymentDeclined, PaymentRefunded {
    UUID orderId();
}
