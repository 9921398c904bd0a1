package dev.sagaref.order.ordering;

import dev.sagaref.events.Channels;
import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import dev.sagaref.events.order.OrderApproved;
import dev.sagaref.events.order.OrderCreated;
import dev.sagaref.events.order.OrderRejected;
import dev.sagaref.events.order.OrderReply;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and settles them when their saga ends. */
@Service
public class OrderService {

    private final Orders orders;
    private final Outbox outbox;
    private final Clock clock;

    public OrderService(Orders orders, Outbox outbox, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What placing an order led to: a new order, or the one an earlier request with the same key created. */
    public record Placement(Order order, boolean created) {}

    /** An Idempotency-Key that was first used with a different request. */
    public static class IdempotencyKeyReusedException extends RuntimeException {
        IdempotencyKeyReusedException(String key) {
            super("Idempotency-Key '" + key + "' was already used with a different request");
        }
    }

    /**
     * Stores the order as PENDING and writes {@code OrderCreated} in the same transaction; its saga starts from
     * that message. With an idempotency key, a repeat of the same request returns the first order.
     */
    @Transactional
    public Placement place(PlaceOrderRequest request, String idempotencyKey) {
        String fingerprint = fingerprint(request);
        if (idempotencyKey != null) {
            Optional<Orders.KeyedOrder> earlier = orders.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(fingerprint)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey);
                }
                return new Placement(orders.find(earlier.get().orderId()).orElseThrow(), false);
            }
        }
        PlaceOrderRequest.Address a = request.shippingAddress();
        Order order = new Order(
                UUID.randomUUID(),
                request.customerId(),
                request.items().stream()
                        .map(item -> new OrderLine(item.sku(), item.quantity(), item.unitPrice()))
                        .toList(),
                request.total(),
                Order.Status.PENDING,
                null,
                new ShippingAddress(a.name(), a.street(), a.city(), a.postalCode(), a.country()),
                // PostgreSQL keeps microseconds; the response must show what a later GET will.
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        orders.insert(order, idempotencyKey, fingerprint);
        outbox.send(OutgoingMessage.to(
                Channels.ORDER_EVENTS,
                order.id(),
                new OrderCreated(
                        order.id(), order.customerId(), order.items(), order.total(), order.shippingAddress())));
        return new Placement(order, true);
    }

    /** Approves a PENDING order; answers with the order's final state however often it is asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public OrderReply approve(UUID orderId) {
        return settle(orderId, Order.Status.APPROVED, null);
    }

    /** Rejects a PENDING order; answers with the order's final state however often it is asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public OrderReply reject(UUID orderId, String reason) {
        return settle(orderId, Order.Status.REJECTED, reason);
    }

    private OrderReply settle(UUID orderId, Order.Status target, String reason) {
        Order order = orders.lockForUpdate(orderId).orElseThrow(() -> new IllegalStateException("No order " + orderId));
        if (order.status() == Order.Status.PENDING) {
            orders.setStatus(orderId, target, reason, Instant.now(clock));
            return reply(orderId, target, reason);
        }
        return reply(orderId, order.status(), order.rejectionReason());
    }

    private static OrderReply reply(UUID orderId, Order.Status status, String reason) {
        return status == Order.Status.APPROVED ? new OrderApproved(orderId) : new OrderRejected(orderId, reason);
    }

    private static String fingerprint(PlaceOrderRequest request) {
        try {
            byte[] json = JsonCodec.write(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
