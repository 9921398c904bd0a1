package dev.sagaref.messaging;

import dev.sagaref.testsupport.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The shared outbox, relay and inbox serve every service, so they may know none of them. */
class MessagingArchitectureTest {

    @Test
    void knowsNoService() {
        ServiceArchitecture.sharedCodeKnowsNoService("dev.sagaref.messaging")
                .check(ServiceArchitecture.importMainClasses("dev.sagaref.messaging"));
    }
}
