package dev.sagaref.messaging.relay;

/** Kafka did not acknowledge what the relay sent; the records stay unconfirmed and will be sent again. */
public class RelayPublishException extends RuntimeException {

    public RelayPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
