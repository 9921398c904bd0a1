package dev.sagaref.messaging.participant;

import dev.sagaref.events.MalformedMessageException;
import dev.sagaref.messaging.inbox.InboundMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A participant's answers to saga commands: for each command type, the function that handles it and returns the
 * reply. Built once per listener: {@code CommandHandlers.of("payment-service").on(AuthorizePayment.class,
 * payments::authorize)}.
 */
public final class CommandHandlers {

    private final String participant;
    private final Map<Class<?>, Function<Object, ?>> handlers = new LinkedHashMap<>();

    private CommandHandlers(String participant) {
        this.participant = participant;
    }

    /** @param participant the service's name; also its consumer name in the inbox */
    public static CommandHandlers of(String participant) {
        return new CommandHandlers(participant);
    }

    @SuppressWarnings("unchecked")
    public <C> CommandHandlers on(Class<C> commandType, Function<C, ?> handler) {
        handlers.put(commandType, command -> handler.apply((C) command));
        return this;
    }

    String participant() {
        return participant;
    }

    /** The reply to a command; a command this participant does not handle can never succeed here, so it is poison. */
    Object reply(InboundMessage command) {
        Function<Object, ?> handler = handlers.get(command.payload().getClass());
        if (handler == null) {
            throw new MalformedMessageException(
                    participant + " does not handle " + command.metadata().messageType());
        }
        return handler.apply(command.payload());
    }
}
