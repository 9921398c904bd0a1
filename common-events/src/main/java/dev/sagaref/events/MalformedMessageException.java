package dev.sagaref.events;

/** A message that can never be processed as it is: unparseable, of an unknown type, or missing metadata. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
