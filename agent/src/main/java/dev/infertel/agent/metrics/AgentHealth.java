package dev.infertel.agent.metrics;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The agent's own counters, read at scrape time from their owners (queue writer, shipper). */
public record AgentHealth(LongSupplier appended, LongSupplier droppedBeforeQueue, Supplier<List<Sink>> sinks,
                          LongSupplier suppressedErrors) {

    public AgentHealth(LongSupplier appended, LongSupplier droppedBeforeQueue, Supplier<List<Sink>> sinks) {
        this(appended, droppedBeforeQueue, sinks, () -> 0);
    }

    public static final Instrument APPENDED = Instrument.counter("infertel.agent.records.appended", "{record}",
            "Records appended to the local queue");
    public static final Instrument DROPPED_BEFORE_QUEUE = Instrument.counter("infertel.agent.records.dropped",
            "{record}", "Records that could not be appended to the queue (lost before it)");
    public static final Instrument SERIES_OVERFLOW = Instrument.counter("infertel.agent.metrics.series_overflow",
            "{call}", "Calls counted in the 'other' series because metrics.max_series was reached");
    public static final Instrument SUPPRESSED_ERRORS = Instrument.counter("infertel.agent.errors.suppressed",
            "{error}", "Errors inside the agent that it swallowed so the application never saw them (see `status`)");
    public static final Instrument SINK_SHIPPED = Instrument.counter("infertel.agent.sink.shipped", "{record}",
            "Records a sink took");
    public static final Instrument SINK_RETRIED = Instrument.counter("infertel.agent.sink.retried", "{batch}",
            "Batches a sink was sent again");
    public static final Instrument SINK_FAILED = Instrument.counter("infertel.agent.sink.failed", "{record}",
            "Records a sink refused for good");
    public static final Instrument SINK_DROPPED = Instrument.counter("infertel.agent.sink.dropped", "{record}",
            "Records dropped from the queue before this sink shipped them (disk bounds)");
    public static final Instrument SINK_LAG = Instrument.gauge("infertel.agent.sink.lag", "s",
            "Seconds since the sink last took a batch (since it started when it never did)");

    /** One sink's persistent counters; {@code lastAckMillis} 0 when it never took a batch. */
    public record Sink(String name, long shipped, long retried, long failed, long dropped, long lastAckMillis,
                       long startMillis) {
    }

    public static AgentHealth none() {
        return new AgentHealth(() -> 0, () -> 0, List::of);
    }
}
