package dev.infertel.agent.sink;

/**
 * What a sink made of one batch: accepted (the shipper moves the sink's position past it), retry later
 * (the batch stays; a server may say when), or rejected for good (counted as failed and skipped, so a
 * batch the receiver will never take cannot stall the sink forever). An accepted batch may still have
 * had some records refused by the receiver (an OTLP partial success): those count as failed.
 *
 * @param retryAfterMillis the receiver's {@code Retry-After}, or -1
 * @param detail why, for the log: never a header value or record content
 * @param rejectedRecords records of an accepted batch that the receiver refused; 0 otherwise
 */
public record Delivery(Kind kind, long retryAfterMillis, String detail, long rejectedRecords) {

    public enum Kind { ACCEPTED, RETRY, REJECTED }

    public static final Delivery ACCEPTED = new Delivery(Kind.ACCEPTED, -1, "");

    public Delivery(Kind kind, long retryAfterMillis, String detail) {
        this(kind, retryAfterMillis, detail, 0);
    }

    /**
     * Taken, but {@code rejectedRecords} of the batch refused (or, with 0, a warning from the receiver).
     *
     * @param detail the receiver's reason, for the log
     */
    public static Delivery accepted(long rejectedRecords, String detail) {
        return new Delivery(Kind.ACCEPTED, -1, detail, Math.max(0, rejectedRecords));
    }

    public static Delivery retry(String detail) {
        return new Delivery(Kind.RETRY, -1, detail);
    }

    public static Delivery retryAfter(long millis, String detail) {
        return new Delivery(Kind.RETRY, millis, detail);
    }

    public static Delivery rejected(String detail) {
        return new Delivery(Kind.REJECTED, -1, detail);
    }
}
