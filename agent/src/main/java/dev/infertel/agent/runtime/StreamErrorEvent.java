package dev.infertel.agent.runtime;

/**
 * The end of a call by an error event among its elements ({@code error_when}) rather than an exception:
 * the record's {@code error_type} is the event's class. Never thrown; no stack trace is taken.
 */
final class StreamErrorEvent extends RuntimeException {

    private final String type;

    StreamErrorEvent(Object event) {
        super(null, null, false, false);
        this.type = event.getClass().getName();
    }

    String type() {
        return type;
    }
}
