package dev.sagaref.messaging.relay;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "messaging.relay.mode=debezium")
class DebeziumRelayIT extends OutboxRelayContract {

    @Override
    String mode() {
        return "debezium";
    }
}
