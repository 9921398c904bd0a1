package dev.sagaref.orchestrator.saga;

import dev.sagaref.orchestrator.saga.SagaDefinition.Command;
import dev.sagaref.orchestrator.saga.SagaDefinition.Outcome;
import dev.sagaref.orchestrator.saga.SagaDefinition.Step;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * One run of the order saga: where it stands, what it waits for and until when. It guards its own rules: every
 * change happens through {@link #start}, {@link #handle} or {@link #deadlinePassed}, each of which returns the
 * commands to send. Replies that do not answer the awaited step (late, duplicated, from an abandoned step) change
 * nothing.
 */
@Entity
@Table(name = "sagas")
public class OrderSagaInstance {

    public enum Status {
        /** Forward steps are running. */
        RUNNING,
        /** A step failed or timed out; completed steps are being undone in reverse. */
        COMPENSATING,
        /** Everything is undone; the order is being rejected. */
        REJECTING,
        COMPLETED,
        REJECTED,
        /** A compensation kept failing past its retry limit; a person has to look at it. */
        COMPENSATION_FAILED;

        public boolean isTerminal() {
            return this == COMPLETED || this == REJECTED || this == COMPENSATION_FAILED;
        }
    }

    /**
     * One entry of the saga's timeline. Status is STARTED, SUCCEEDED, FAILED, TIMED_OUT or COMPENSATED.
     *
     * @param initiatedBy the person whose action began this entry (an operator retrying a compensation); null for
     *     the entries the saga began by itself
     */
    public record TimelineEntry(
            String name, String status, int attempts, Instant startedAt, Instant endedAt, String initiatedBy) {

        public TimelineEntry(String name, String status, int attempts, Instant startedAt, Instant endedAt) {
            this(name, status, attempts, startedAt, endedAt, null);
        }

        TimelineEntry end(String endStatus, Instant at) {
            return new TimelineEntry(name, endStatus, attempts, startedAt, at, initiatedBy);
        }

        TimelineEntry retried() {
            return new TimelineEntry(name, status, attempts + 1, startedAt, endedAt, initiatedBy);
        }
    }

    /** A change the saga's state does not allow, such as retrying a compensation that has not failed. */
    public static class IllegalSagaChange extends RuntimeException {
        IllegalSagaChange(String message) {
            super(message);
        }
    }

    @Id
    private UUID id;

    // The order, its data, who started the saga and when are written once, when the saga starts: an update leaves
    // them out (for the data, one JSON encoding less per step; docs/persistence.md).
    @Column(updatable = false)
    private UUID orderId;

    @Convert(converter = JsonColumns.SagaDataColumn.class)
    @Column(columnDefinition = "json", updatable = false)
    @ColumnTransformer(write = "CAST(? AS json)")
    @Mutability(Immutability.class)
    private OrderSagaData data;

    @Enumerated(EnumType.STRING)
    private Status status;

    /** The forward step running, or the step being compensated. */
    private int stepIndex;

    private int attempts;

    /** When the saga must be looked at again: to check for a lost command, or to give its step up. */
    @Column(name = "deadline_at")
    private Instant deadline;

    /** When the running step is given up and compensated; null when the awaited command is never given up. */
    private Instant givesUpAt;

    private String rejectionReason;

    /** Replaced on every change, never changed in place, so Hibernate checks it by reference and equals. */
    @Convert(converter = JsonColumns.TimelineColumn.class)
    @Column(columnDefinition = "json")
    @ColumnTransformer(write = "CAST(? AS json)")
    @Mutability(Immutability.class)
    private List<TimelineEntry> timeline;

    /** The trace the saga was last advanced in (W3C traceparent), so a deadline that fires later continues it. */
    private String traceparent;

    /** Who started the saga: the {@code initiated_by} of its OrderCreated, the customer who placed the order. */
    @Column(updatable = false)
    private String startedBy;

    @Column(updatable = false)
    private Instant createdAt;

    private Instant updatedAt;

    /**
     * Optimistic: a reply and a deadline for one saga, or two orchestrator instances, can advance it at once. The
     * loser fails on this check when it commits and its message (or deadline scan) tries again on the new state.
     * Null until first saved, which is how Spring Data tells a new saga from a stored one.
     */
    @Version
    private Long version;

    /** The saga's steps and timeouts: code and configuration, not state, so not stored (see {@link #useRules}). */
    @Transient
    private SagaDefinition definition;

    @Transient
    private SagaPolicy policy;

    @Transient
    private boolean changed;

    protected OrderSagaInstance() {}

    private OrderSagaInstance(
            UUID id, OrderSagaData data, String startedBy, SagaDefinition definition, SagaPolicy policy, Instant now) {
        this.id = id;
        this.startedBy = startedBy;
        this.orderId = data.orderId();
        this.data = data;
        this.status = Status.RUNNING;
        this.timeline = List.of();
        this.createdAt = now;
        this.updatedAt = now;
        useRules(definition, policy);
    }

    /** Gives a saga loaded from the database the definition and policy it runs by. */
    public OrderSagaInstance useRules(SagaDefinition definition, SagaPolicy policy) {
        this.definition = definition;
        this.policy = policy;
        return this;
    }

    /**
     * A new saga for an order; returns it with its first command in {@code commands}.
     *
     * @param startedBy who started it (null if the message did not say)
     */
    public static Started start(
            UUID id, OrderSagaData data, String startedBy, SagaDefinition definition, SagaPolicy policy, Instant now) {
        OrderSagaInstance saga = new OrderSagaInstance(id, data, startedBy, definition, policy, now);
        List<Command> commands = saga.beginForwardStep(0, now);
        return new Started(saga, commands);
    }

    public record Started(OrderSagaInstance saga, List<Command> commands) {}

    /** Applies a participant's reply; returns the commands it leads to (none if it answers nothing awaited). */
    public List<Command> handle(Object reply, Instant now) {
        return switch (status) {
            case RUNNING -> handleForwardReply(reply, now);
            case COMPENSATING -> handleCompensationReply(reply, now);
            case REJECTING -> handleRejectionReply(reply, now);
            case COMPLETED, REJECTED, COMPENSATION_FAILED -> List.of();
        };
    }

    /**
     * An operator retries the compensation that kept failing, once its cause is fixed: the saga sends it again with a
     * fresh set of attempts and goes on undoing the remaining steps from there, as if it had never stopped.
     *
     * @param operator who retries it; recorded on the new timeline entry
     * @throws IllegalSagaChange unless the saga is in COMPENSATION_FAILED (a second click finds it compensating)
     */
    public List<Command> retryCompensation(String operator, Instant now) {
        if (status != Status.COMPENSATION_FAILED) {
            throw new IllegalSagaChange("Only a saga in COMPENSATION_FAILED can have its compensation retried; saga "
                    + id + " is " + status);
        }
        // It stopped where it failed: the step being compensated, or the final rejection (no step left).
        status = stepIndex >= 0 ? Status.COMPENSATING : Status.REJECTING;
        return send(lastEntry().name(), compensationToSend(), now, operator);
    }

    /**
     * The awaited reply has not come by the deadline: give the step up if its time is over, resend its command if it
     * can have been lost, or else wait and look again.
     *
     * @param commandMayBeLost whether the participant has read past the awaited command and no reply waits unread
     *     (see {@link CommandDelivery}); false while the participant or the orchestrator is merely behind
     */
    public List<Command> deadlinePassed(Instant now, boolean commandMayBeLost) {
        if (status.isTerminal() || deadline == null || now.isBefore(deadline)) {
            return List.of();
        }
        if (stepIsOverAt(now)) {
            return forwardStepTimedOut(now);
        }
        if (!commandMayBeLost) {
            changed = true;
            deadline = earliest(now.plus(policy.resendAfter()), givesUpAt);
            return List.of();
        }
        return switch (status) {
            case RUNNING -> resend(definition.steps().get(stepIndex).commandFor(data), now);
            case COMPENSATING, REJECTING -> compensationLost(now);
            default -> List.of();
        };
    }

    /** Whether the running step's time is over, so it is given up and compensated whatever Kafka says. */
    public boolean stepIsOverAt(Instant now) {
        return status == Status.RUNNING
                && givesUpAt != null
                && !now.isBefore(givesUpAt)
                && definition.steps().get(stepIndex).isCompensable();
    }

    private List<Command> handleForwardReply(Object reply, Instant now) {
        Step step = definition.steps().get(stepIndex);
        Optional<Outcome> outcome = step.judge(reply);
        if (outcome.isEmpty()) {
            return List.of();
        }
        if (outcome.get() instanceof Outcome.Failed failure) {
            endCurrentEntry("FAILED", now);
            rejectionReason = failure.reason();
            return beginCompensationFrom(stepIndex - 1, now);
        }
        endCurrentEntry("SUCCEEDED", now);
        if (stepIndex + 1 == definition.steps().size()) {
            status = Status.COMPLETED;
            deadline = null;
            givesUpAt = null;
            return List.of();
        }
        return beginForwardStep(stepIndex + 1, now);
    }

    private List<Command> handleCompensationReply(Object reply, Instant now) {
        Step step = definition.steps().get(stepIndex);
        if (!step.compensated().orElseThrow().isInstance(reply)) {
            return List.of();
        }
        endCurrentEntry("COMPENSATED", now);
        return beginCompensationFrom(stepIndex - 1, now);
    }

    private List<Command> handleRejectionReply(Object reply, Instant now) {
        if (!definition.onFailure().confirmation().isInstance(reply)) {
            return List.of();
        }
        endCurrentEntry("SUCCEEDED", now);
        status = Status.REJECTED;
        deadline = null;
        givesUpAt = null;
        return List.of();
    }

    private List<Command> forwardStepTimedOut(Instant now) {
        Step step = definition.steps().get(stepIndex);
        endCurrentEntry("TIMED_OUT", now);
        rejectionReason = RejectionReasons.timeoutOf(step.name());
        // It may have taken effect after all (a late reply is still possible), so it is compensated too.
        return beginCompensationFrom(stepIndex, now);
    }

    private List<Command> compensationLost(Instant now) {
        if (attempts < policy.maxCompensationAttempts()) {
            return resend(compensationToSend(), now);
        }
        endCurrentEntry("FAILED", now);
        status = Status.COMPENSATION_FAILED;
        deadline = null;
        givesUpAt = null;
        return List.of();
    }

    /** The compensating command of the step being undone, or the final rejection once no step is left (index -1). */
    private Command compensationToSend() {
        return stepIndex >= 0
                ? definition.steps().get(stepIndex).compensationFor(data)
                : definition.onFailure().commandFor(data, rejectionReason);
    }

    /** Whether anything changed since the saga was loaded or created. */
    public boolean changed() {
        return changed;
    }

    private List<Command> beginForwardStep(int index, Instant now) {
        Step step = definition.steps().get(index);
        status = Status.RUNNING;
        stepIndex = index;
        List<Command> commands = send(step.name(), step.commandFor(data), now);
        // A step that cannot be undone (the order's approval) is past the point of no return: it is never given up.
        if (step.isCompensable()) {
            givesUpAt = now.plus(policy.stepTimeout());
            deadline = earliest(deadline, givesUpAt);
        }
        return commands;
    }

    /** Undoes the compensable steps from {@code index} down to the first, then rejects. */
    private List<Command> beginCompensationFrom(int index, Instant now) {
        for (int i = index; i >= 0; i--) {
            Step step = definition.steps().get(i);
            if (step.isCompensable()) {
                status = Status.COMPENSATING;
                stepIndex = i;
                return send(step.compensationName(data), step.compensationFor(data), now);
            }
        }
        status = Status.REJECTING;
        stepIndex = -1;
        return send(definition.onFailure().name(), definition.onFailure().commandFor(data, rejectionReason), now);
    }

    private List<Command> send(String entryName, Command command, Instant now) {
        return send(entryName, command, now, null);
    }

    private List<Command> send(String entryName, Command command, Instant now, String initiatedBy) {
        changed = true;
        attempts = 1;
        givesUpAt = null;
        deadline = now.plus(policy.resendCheckAfter(attempts));
        changeTimeline(entries -> entries.add(new TimelineEntry(entryName, "STARTED", 1, now, null, initiatedBy)));
        return List.of(command);
    }

    private List<Command> resend(Command command, Instant now) {
        changed = true;
        attempts++;
        deadline = earliest(now.plus(policy.resendCheckAfter(attempts)), givesUpAt);
        replaceLastEntry(lastEntry().retried());
        return List.of(command);
    }

    private static Instant earliest(Instant deadline, Instant orNull) {
        return orNull != null && orNull.isBefore(deadline) ? orNull : deadline;
    }

    private void endCurrentEntry(String endStatus, Instant now) {
        changed = true;
        replaceLastEntry(lastEntry().end(endStatus, now));
    }

    private TimelineEntry lastEntry() {
        return timeline.get(timeline.size() - 1);
    }

    private void replaceLastEntry(TimelineEntry entry) {
        changeTimeline(entries -> entries.set(entries.size() - 1, entry));
    }

    /** Changes a copy and replaces the list: the stored list is never changed in place (see the field). */
    private void changeTimeline(Consumer<List<TimelineEntry>> change) {
        List<TimelineEntry> changed = new ArrayList<>(timeline);
        change.accept(changed);
        timeline = List.copyOf(changed);
    }

    /**
     * Records when the saga was saved and, unless it is null, the trace it was advanced in. A saga advanced outside
     * any trace keeps the one it had.
     */
    public void touched(Instant now, String advancedInTrace) {
        updatedAt = now;
        if (advancedInTrace != null) {
            traceparent = advancedInTrace;
        }
    }

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    /** Who started the saga, or null if its OrderCreated did not say. */
    public String startedBy() {
        return startedBy;
    }

    public Instant startedAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * Who the saga's current step acts for, and so who its commands name as {@code initiated_by}: the operator who
     * retried it, for a retried compensation and its resends; who started the saga, for everything else.
     */
    public String actingFor() {
        String byHand = timeline.isEmpty() ? null : lastEntry().initiatedBy();
        return byHand != null ? byHand : startedBy;
    }

    /** The trace the saga was last advanced in, or null if it never ran inside one. */
    public String traceparent() {
        return traceparent;
    }

    public OrderSagaData data() {
        return data;
    }

    public Status status() {
        return status;
    }

    public int stepIndex() {
        return stepIndex;
    }

    public int attempts() {
        return attempts;
    }

    public Instant deadline() {
        return deadline;
    }

    public Instant givesUpAt() {
        return givesUpAt;
    }

    /** The topic of the command the saga awaits a reply to; null once it has ended. */
    public String awaitedChannel() {
        return switch (status) {
            case RUNNING, COMPENSATING -> definition.steps().get(stepIndex).channel();
            case REJECTING -> definition.onFailure().channel();
            case COMPLETED, REJECTED, COMPENSATION_FAILED -> null;
        };
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    public List<TimelineEntry> timeline() {
        return timeline;
    }

    /** Null until the saga is first saved. */
    public Long version() {
        return version;
    }

    /** The step currently awaited, for people reading the saga: a step name, a compensation, or none. */
    public String currentStep() {
        if (status.isTerminal() || timeline.isEmpty()) {
            return null;
        }
        return lastEntry().name();
    }
}
