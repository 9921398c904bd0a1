package dev.sagaref.orchestrator.saga;

import dev.sagaref.events.MessageMetadata;
import dev.sagaref.events.order.OrderCreated;
import dev.sagaref.messaging.inbox.InboundMessage;
import dev.sagaref.messaging.outbox.Outbox;
import dev.sagaref.messaging.outbox.OutgoingMessage;
import dev.sagaref.messaging.tracing.MessageTracing;
import dev.sagaref.orchestrator.saga.CommandDelivery.AwaitedCommand;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.Status;
import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import dev.sagaref.orchestrator.saga.SagaDefinition.Command;
import dev.sagaref.orchestrator.saga.persistence.SagaQuery;
import dev.sagaref.orchestrator.saga.persistence.Sagas;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs order sagas: starts one per {@code OrderCreated}, advances it on each reply, and fires its deadlines. The
 * saga's new state and the commands it sends are written in one transaction (the commands through the outbox).
 */
@Service
public class OrderSagaService {

    private static final Logger log = LoggerFactory.getLogger(OrderSagaService.class);

    private final Sagas sagas;
    private final Outbox outbox;
    private final SagaDefinition definition;
    private final SagaPolicy policy;
    private final SagaMetrics metrics;
    private final CommandDelivery delivery;
    private final MessageTracing tracing;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public OrderSagaService(
            Sagas sagas,
            Outbox outbox,
            SagaDefinition definition,
            SagaPolicy policy,
            SagaMetrics metrics,
            CommandDelivery delivery,
            MessageTracing tracing,
            TransactionTemplate transactions,
            Clock clock) {
        this.sagas = sagas;
        this.outbox = outbox;
        this.definition = definition;
        this.policy = policy;
        this.metrics = metrics;
        this.delivery = delivery;
        this.tracing = tracing;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Transactional
    public void onOrderEvent(InboundMessage message) {
        if (!(message.payload() instanceof OrderCreated created)) {
            return;
        }
        Instant now = clock.instant();
        OrderSagaInstance.Started started = OrderSagaInstance.start(
                UUID.randomUUID(),
                OrderSagaData.from(created),
                message.metadata().initiatedBy(),
                definition,
                policy,
                now);
        started.saga().touched(now, tracing.currentTraceparent());
        if (!sagas.insertIfAbsent(started.saga())) {
            log.info(
                    "Order {} already has a saga; OrderCreated {} ignored",
                    created.orderId(),
                    message.metadata().messageId());
            return;
        }
        metrics.started();
        send(started.saga(), started.commands(), message.metadata());
    }

    @Transactional
    public void onReply(InboundMessage message) {
        UUID orderId = message.metadata().correlationId();
        UUID sagaId = message.metadata().sagaId();
        // A reply names its saga (the id rides along from the command), so the saga is read by its primary key; the
        // order id is the way in for a reply that has none.
        OrderSagaInstance saga = (sagaId != null ? sagas.findById(sagaId) : sagas.findByOrderId(orderId))
                .filter(found -> found.orderId().equals(orderId))
                .orElse(null);
        if (saga == null) {
            log.warn(
                    "Reply {} for order {} that has no saga; ignored",
                    message.metadata().messageType(),
                    orderId);
            return;
        }
        advance(saga, s -> s.handle(message.payload(), clock.instant()), message.metadata());
    }

    /**
     * Fires the deadlines that have passed; returns how many sagas were due. Kafka is asked about all of them at
     * once, before any saga row is locked, so replies are never held up while the broker answers. Sagas whose
     * command is merely waiting only get their next look scheduled, in one statement; the rest (a step whose time
     * is over, a command that can have been lost) are locked and advanced.
     */
    public int fireDueDeadlines(int limit) {
        Instant now = clock.instant();
        List<OrderSagaInstance> due = sagas.findDue(now, limit);
        if (due.isEmpty()) {
            return 0;
        }
        Set<UUID> possiblyLost = delivery.possiblyLost(due.stream()
                .filter(saga -> !saga.stepIsOverAt(now))
                .map(saga -> new AwaitedCommand(saga.awaitedChannel(), saga.orderId()))
                .toList());
        List<OrderSagaInstance> waiting = new ArrayList<>();
        List<UUID> toAdvance = new ArrayList<>();
        for (OrderSagaInstance saga : due) {
            if (saga.stepIsOverAt(now) || possiblyLost.contains(saga.orderId())) {
                toAdvance.add(saga.id());
            } else {
                saga.deadlinePassed(now, false);
                waiting.add(saga);
            }
        }
        sagas.saveNextLooks(waiting);
        if (!toAdvance.isEmpty()) {
            transactions.executeWithoutResult(status -> {
                for (OrderSagaInstance saga : sagas.lockDue(toAdvance, now)) {
                    boolean mayBeLost = possiblyLost.contains(saga.orderId());
                    // In the saga's own trace, so a timeout and what follows from it show up in the order's trace.
                    tracing.inSpan(saga.traceparent(), "saga deadline " + saga.currentStep(), () -> {
                        advance(saga, s -> s.deadlinePassed(now, mayBeLost), null);
                        return null;
                    });
                }
            });
        }
        return due.size();
    }

    /**
     * An operator retries the failed compensation of a saga: its command goes out through the outbox like any other,
     * carrying the operator as {@code initiated_by}, and the saga's timeline records who retried it. Empty if there is
     * no such saga.
     *
     * @throws OrderSagaInstance.IllegalSagaChange if the saga's compensation has not failed (or is being retried)
     */
    @Transactional
    public Optional<OrderSagaInstance> retryCompensation(UUID sagaId, String operator) {
        Optional<OrderSagaInstance> found = sagas.findById(sagaId);
        found.ifPresent(saga -> {
            Instant now = clock.instant();
            List<Command> commands = saga.retryCompensation(operator, now);
            saga.touched(now, tracing.currentTraceparent());
            // The version check makes a second click that raced this one fail instead of sending twice.
            sagas.save(saga);
            send(saga, commands, null);
            metrics.compensationRetried();
            log.info("{} retried the compensation of saga {} (order {})", operator, saga.id(), saga.orderId());
        });
        return found;
    }

    @Transactional(readOnly = true)
    public Optional<OrderSagaInstance> findById(UUID sagaId) {
        return sagas.findById(sagaId);
    }

    @Transactional(readOnly = true)
    public Optional<OrderSagaInstance> findByOrderId(UUID orderId) {
        return sagas.findByOrderId(orderId);
    }

    @Transactional(readOnly = true)
    public SagaQuery.Page findPage(SagaQuery query) {
        return sagas.findPage(query);
    }

    @Transactional(readOnly = true)
    public Map<Status, Long> countByStatus() {
        return sagas.countByStatus();
    }

    /** Sagas whose deadline passed but that no scan has handled yet: the orchestrator is behind, or stopped. */
    @Transactional(readOnly = true)
    public List<OrderSagaInstance> findOverdue(Instant dueBefore, int limit) {
        return sagas.findDue(dueBefore, limit);
    }

    /** Sagas in {@code status} that have not changed since {@code notChangedSince}, oldest first. */
    @Transactional(readOnly = true)
    public List<OrderSagaInstance> findUnchangedSince(Status status, Instant notChangedSince, int limit) {
        return sagas.findByStatus(status, notChangedSince, limit);
    }

    /** Applies a reply or a deadline to the saga, saves it and sends the commands that follow from it. */
    private void advance(
            OrderSagaInstance saga, Function<OrderSagaInstance, List<Command>> event, MessageMetadata cause) {
        Status before = saga.status();
        List<TimelineEntry> timelineBefore = saga.timeline();
        List<Command> commands = event.apply(saga);
        if (commands.isEmpty() && !saga.changed()) {
            return; // a duplicate or late reply: nothing to save, no row lock to take
        }
        saga.touched(clock.instant(), tracing.currentTraceparent());
        sagas.save(saga);
        send(saga, commands, cause);
        metrics.stepsEnded(timelineBefore, saga.timeline());
        if (saga.status() != before && saga.status().isTerminal()) {
            metrics.ended(saga);
        }
    }

    private void send(OrderSagaInstance saga, List<Command> commands, MessageMetadata cause) {
        for (Command command : commands) {
            // Every command names who it acts for, those a deadline sends (no cause to inherit it from) too.
            OutgoingMessage message = OutgoingMessage.to(command.channel(), saga.orderId(), command.payload())
                    .inSaga(saga.id())
                    .initiatedBy(saga.actingFor());
            outbox.send(cause == null ? message : message.causedBy(cause));
        }
    }
}
