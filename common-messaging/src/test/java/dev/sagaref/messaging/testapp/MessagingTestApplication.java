package dev.sagaref.messaging.testapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest service that uses the messaging module: it is what the integration tests start, in the test JVM and
 * as child processes that a test can kill.
 */
@SpringBootApplication
public class MessagingTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(MessagingTestApplication.class, args);
    }
}
