package dev.sagaref.messaging.relay;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "messaging.relay.mode=polling")
class PollingRelayIT extends OutboxRelayContract {

    @Override
    String mode() {
        return "polling";
    }
}
