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
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and settles them when their saga ends. */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final EntityManager entityManager;
    private final Outbox outbox;
    private final Clock clock;

    OrderService(OrderRepository orders, EntityManager entityManager, Outbox outbox, Clock clock) {
        this.orders = orders;
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What placing an order led to: a new order, or the one an earlier request with the same key created. */
    public record Placement(OrderView order, boolean created) {}

    /** An Idempotency-Key that was first used with a different request. */
    public static class IdempotencyKeyReusedException extends RuntimeException {
        IdempotencyKeyReusedException(String key) {
            super("Idempotency-Key '" + key + "' was already used with a different request");
        }
    }

    /**
     * Stores the order as PENDING and writes {@code OrderCreated} in the same transaction; its saga starts from
     * that message. With an idempotency key, a repeat of the same request returns the first order.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException if a concurrent request with the same key
     *     placed its order first; asking again then returns that order
     */
    @Transactional
    public Placement place(PlaceOrderRequest request, String idempotencyKey) {
        return place(request, idempotencyKey, request.customerId());
    }

    /** @param placedBy who placed it, and so starts its saga: the customer, or an operator acting for them */
    @Transactional
    public Placement place(PlaceOrderRequest request, String idempotencyKey, String placedBy) {
        String fingerprint = fingerprint(request);
        if (idempotencyKey != null) {
            Optional<Order> earlier = orders.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().wasPlacedBy(fingerprint)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey);
                }
                return new Placement(OrderView.of(earlier.get()), false);
            }
        }
        PlaceOrderRequest.Address a = request.shippingAddress();
        Order order = Order.place(
                request.customerId(),
                request.items().stream()
                        .map(item -> new OrderLine(item.sku(), item.quantity(), item.unitPrice()))
                        .toList(),
                new ShippingAddress(a.name(), a.street(), a.city(), a.postalCode(), a.country()),
                idempotencyKey,
                fingerprint,
                clock.instant());
        // Flushed now, so a key taken by a concurrent request fails here, before anything is sent.
        orders.saveAndFlush(order);
        // Whoever placed it (OrderController takes them from the token) starts its saga.
        outbox.send(OutgoingMessage.to(
                        Channels.ORDER_EVENTS,
                        order.id(),
                        new OrderCreated(
                                order.id(), order.customerId(), order.lines(), order.total(), order.shippingAddress()))
                .initiatedBy(placedBy));
        return new Placement(OrderView.of(order), true);
    }

    /** Approves a PENDING order; answers with the order's final state however often it is asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public OrderReply approve(UUID orderId) {
        return settle(orderId, order -> order.approve(clock.instant()));
    }

    /** Rejects a PENDING order; answers with the order's final state however often it is asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public OrderReply reject(UUID orderId, String reason) {
        return settle(orderId, order -> order.reject(reason, clock.instant()));
    }

    @Transactional(readOnly = true)
    public Optional<OrderView> find(UUID orderId) {
        return orders.findById(orderId).map(OrderView::of);
    }

    /** Newest first, filtered by customer and/or status when they are given. */
    @Transactional(readOnly = true)
    public OrderPage search(String customerId, Order.Status status, int page, int size) {
        Specification<Order> filter = Specification.unrestricted();
        if (customerId != null) {
            filter = filter.and((order, query, where) -> where.equal(order.get("customerId"), customerId));
        }
        if (status != null) {
            filter = filter.and((order, query, where) -> where.equal(order.get("status"), status));
        }
        Page<Order> found = orders.findAll(
                filter, PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id"))));
        return new OrderPage(
                found.getContent().stream().map(OrderView::of).toList(), page, size, found.getTotalElements());
    }

    /** Applies the verdict to a PENDING order, under its row lock; answers with the order's state either way. */
    private OrderReply settle(UUID orderId, Consumer<Order> verdict) {
        // Locked, so an approval and a rejection of one order handled at once (a resend racing a late reply) settle
        // one after the other: the second waits and answers with the state the first left, instead of failing and
        // going through redelivery. Read by key with a lock mode (docs/persistence.md, "Locks").
        Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw new IllegalStateException("No order " + orderId);
        }
        if (order.isPending()) {
            verdict.accept(order);
        }
        return reply(order);
    }

    private static OrderReply reply(Order order) {
        return order.status() == Order.Status.APPROVED
                ? new OrderApproved(order.id())
                : new OrderRejected(order.id(), order.rejectionReason());
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
