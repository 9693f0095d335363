package dev.infertel.agent.sink;

/**
 * What a sink made of one batch: accepted (the shipper moves the sink's position past it), retry later
 * (the batch stays; a server may say when), or rejected for good (counted as failed and skipped, so a
 * batch the receiver will never take cannot stall the sink forever).
 *
 * @param retryAfterMillis the receiver's {@code Retry-After}, or -1
 * @param detail why, for the log: never a header value or record content
 */
public record Delivery(Kind kind, long retryAfterMillis, String detail) {

    public enum Kind { ACCEPTED, RETRY, REJECTED }

    public static final Delivery ACCEPTED = new Delivery(Kind.ACCEPTED, -1, "");

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
