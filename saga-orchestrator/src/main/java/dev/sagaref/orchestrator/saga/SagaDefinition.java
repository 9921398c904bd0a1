package dev.sagaref.orchestrator.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A saga as data: its steps in order, each with its command, the meaning of each reply, and its compensation; and
 * the final command that records a failure. Built with {@link #builder()} so a definition reads top to bottom.
 */
public record SagaDefinition(List<Step> steps, FailureStep onFailure) {

    /** How a reply settles the step it answers. */
    public sealed interface Outcome {
        record Succeeded() implements Outcome {}

        record Failed(String reason) implements Outcome {}
    }

    public static Outcome succeeded() {
        return new Outcome.Succeeded();
    }

    public static Outcome failed(String reason) {
        return new Outcome.Failed(reason);
    }

    /** A command to send to a participant's channel. */
    public record Command(String channel, Object payload) {}

    /**
     * @param compensation the command that undoes the step; empty for a step after which the saga can only go
     *     forward (it is retried until it succeeds)
     * @param compensated the reply that confirms the compensation
     */
    public record Step(
            String name,
            String channel,
            Function<OrderSagaData, Object> command,
            Map<Class<?>, Function<Object, Outcome>> outcomes,
            Optional<Function<OrderSagaData, Object>> compensation,
            Optional<Class<?>> compensated) {

        public Optional<Outcome> judge(Object reply) {
            Function<Object, Outcome> judge = outcomes.get(reply.getClass());
            return judge == null ? Optional.empty() : Optional.of(judge.apply(reply));
        }

        public boolean isCompensable() {
            return compensation.isPresent();
        }

        public Command commandFor(OrderSagaData data) {
            return new Command(channel, command.apply(data));
        }

        public Command compensationFor(OrderSagaData data) {
            return new Command(channel, compensation.orElseThrow().apply(data));
        }

        /** Name of the compensation in the timeline: the undo command's type, e.g. {@code RefundPayment}. */
        public String compensationName(OrderSagaData data) {
            return compensation.orElseThrow().apply(data).getClass().getSimpleName();
        }
    }

    /** What ends a failed saga once every compensation is done, e.g. rejecting the order. */
    public record FailureStep(
            String name, String channel, BiFunction<OrderSagaData, String, Object> command, Class<?> confirmation) {

        public Command commandFor(OrderSagaData data, String reason) {
            return new Command(channel, command.apply(data, reason));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private String name;
        private String channel;
        private Function<OrderSagaData, Object> command;
        private Map<Class<?>, Function<Object, Outcome>> outcomes;
        private Function<OrderSagaData, Object> compensation;
        private Class<?> compensated;

        public Builder step(String stepName) {
            finishStep();
            name = stepName;
            outcomes = new LinkedHashMap<>();
            return this;
        }

        public Builder invoke(String stepChannel, Function<OrderSagaData, Object> stepCommand) {
            channel = stepChannel;
            command = stepCommand;
            return this;
        }

        @SuppressWarnings("unchecked")
        public <R> Builder onReply(Class<R> replyType, Function<R, Outcome> judge) {
            outcomes.put(replyType, reply -> judge.apply((R) reply));
            return this;
        }

        public Builder withCompensation(Function<OrderSagaData, Object> undo, Class<?> confirmation) {
            compensation = undo;
            compensated = confirmation;
            return this;
        }

        public SagaDefinition onFailure(
                String failureName,
                String failureChannel,
                BiFunction<OrderSagaData, String, Object> failureCommand,
                Class<?> confirmation) {
            finishStep();
            return new SagaDefinition(
                    List.copyOf(steps), new FailureStep(failureName, failureChannel, failureCommand, confirmation));
        }

        private void finishStep() {
            if (name == null) {
                return;
            }
            if (command == null || outcomes.isEmpty()) {
                throw new IllegalStateException("Step " + name + " needs a command and at least one reply");
            }
            steps.add(new Step(
                    name,
                    channel,
                    command,
                    Map.copyOf(outcomes),
                    Optional.ofNullable(compensation),
                    Optional.ofNullable(compensated)));
            name = null;
            channel = null;
            command = null;
            compensation = null;
            compensated = null;
        }
    }
}
