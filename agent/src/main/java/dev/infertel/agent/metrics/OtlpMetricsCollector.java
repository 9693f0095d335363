package dev.infertel.agent.metrics;

import dev.infertel.agent.config.MetricsConfig.Temporality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics as one OTLP export carries them, encoding aside: each instrument's data points,
 * cumulative since the exporter started or, with delta temporality, since the last export the
 * receiver took. A delta export that must be sent again leaves its baseline where it was, so what a
 * failed export carried goes out with the next one instead of being lost.
 */
final class OtlpMetricsCollector {

    /** One instrument and its points (none are left out of the list, even when empty). */
    record Metric(Instrument instrument, List<Point> points) {
    }

    /**
     * One data point: a histogram's buckets, a counter's {@code count}, or a gauge's {@code value}.
     *
     * @param attributes in order, absent ones left out
     */
    record Point(Map<String, String> attributes, long startNanos, long timeNanos, Histogram.Snapshot histogram,
                 long count, double value) {
    }

    private final CallMetrics calls;
    private final AgentHealth health;
    private final Temporality temporality;
    private final long startNanos;
    private Map<String, Histogram.Snapshot> sentHistograms = Map.of();
    private Map<String, Long> sentCounts = Map.of();
    private long sentAtNanos;
    private Map<String, Histogram.Snapshot> pendingHistograms;
    private Map<String, Long> pendingCounts;
    private long pendingAtNanos;

    OtlpMetricsCollector(CallMetrics calls, AgentHealth health, Temporality temporality, long startNanos) {
        this.calls = calls;
        this.health = health;
        this.temporality = temporality;
        this.startNanos = startNanos;
        this.sentAtNanos = startNanos;
    }

    Temporality temporality() {
        return temporality;
    }

    /** Every instrument's points now ({@code nowNanos}: epoch nanoseconds); {@link #sent} makes them the baseline. */
    List<Metric> collect(long nowNanos) {
        pendingHistograms = new HashMap<>();
        pendingCounts = new HashMap<>();
        pendingAtNanos = nowNanos;
        long start = temporality == Temporality.DELTA ? sentAtNanos : startNanos;
        List<Metric> out = new ArrayList<>();
        List<String> names = calls.attributeNames();
        List<CallSeries> series = calls.series();
        for (Instrument in : CallInstruments.HISTOGRAMS) {
            List<Point> points = new ArrayList<>();
            for (CallSeries s : series) {
                if (in == CallInstruments.TOKEN_USAGE) {
                    histogram(points, in, attributes(names, s, "input"), s.histogram(in, false), start, nowNanos);
                    histogram(points, in, attributes(names, s, "output"), s.histogram(in, true), start, nowNanos);
                } else {
                    histogram(points, in, attributes(names, s, null), s.histogram(in, false), start, nowNanos);
                }
            }
            out.add(new Metric(in, points));
        }
        List<Point> callCounts = new ArrayList<>();
        for (CallSeries s : series) {
            Map<String, String> a = attributes(names, s, null);
            count(callCounts, CallInstruments.CALLS, a, s.histogram(CallInstruments.DURATION, false).snapshot().count(),
                    start, nowNanos);
        }
        out.add(new Metric(CallInstruments.CALLS, callCounts));
        health(out, start, nowNanos);
        return out;
    }

    /** The receiver took the last collected export (or refused it for good): the next delta starts from it. */
    void sent() {
        if (pendingHistograms == null) {
            return;
        }
        sentHistograms = pendingHistograms;
        sentCounts = pendingCounts;
        sentAtNanos = pendingAtNanos;
        pendingHistograms = null;
        pendingCounts = null;
    }

    private void health(List<Metric> out, long start, long now) {
        out.add(single(AgentHealth.APPENDED, health.appended().getAsLong(), start, now));
        out.add(single(AgentHealth.DROPPED_BEFORE_QUEUE, health.droppedBeforeQueue().getAsLong(), start, now));
        out.add(single(AgentHealth.SERIES_OVERFLOW, calls.overflowed(), start, now));
        List<AgentHealth.Sink> sinks = health.sinks().get();
        Instrument[] counters = {AgentHealth.SINK_SHIPPED, AgentHealth.SINK_RETRIED, AgentHealth.SINK_FAILED,
            AgentHealth.SINK_DROPPED};
        for (Instrument in : counters) {
            List<Point> points = new ArrayList<>();
            for (AgentHealth.Sink s : sinks) {
                long v = in == AgentHealth.SINK_SHIPPED ? s.shipped() : in == AgentHealth.SINK_RETRIED ? s.retried()
                        : in == AgentHealth.SINK_FAILED ? s.failed() : s.dropped();
                count(points, in, Map.of("sink", s.name()), v, start, now);
            }
            out.add(new Metric(in, points));
        }
        List<Point> lag = new ArrayList<>();
        long nowMillis = now / 1_000_000;
        for (AgentHealth.Sink s : sinks) {
            long since = s.lastAckMillis() > 0 ? s.lastAckMillis() : s.startMillis();
            lag.add(new Point(Map.of("sink", s.name()), 0, now, null, 0, Math.max(0, nowMillis - since) / 1000.0));
        }
        out.add(new Metric(AgentHealth.SINK_LAG, lag));
    }

    private Metric single(Instrument in, long value, long start, long now) {
        List<Point> points = new ArrayList<>(1);
        count(points, in, Map.of(), value, start, now);
        return new Metric(in, points);
    }

    private void histogram(List<Point> points, Instrument in, Map<String, String> attributes, Histogram h, long start,
                           long now) {
        Histogram.Snapshot current = h.snapshot();
        String key = key(in, attributes);
        pendingHistograms.put(key, current);
        Histogram.Snapshot value = current;
        if (temporality == Temporality.DELTA) {
            value = minus(current, sentHistograms.get(key));
        }
        if (value.count() > 0) {
            points.add(new Point(attributes, start, now, value, 0, 0));
        }
    }

    private void count(List<Point> points, Instrument in, Map<String, String> attributes, long current, long start,
                       long now) {
        String key = key(in, attributes);
        pendingCounts.put(key, current);
        long value = current;
        if (temporality == Temporality.DELTA) {
            value = current - sentCounts.getOrDefault(key, 0L);
        }
        points.add(new Point(attributes, start, now, null, value, 0));
    }

    private static Histogram.Snapshot minus(Histogram.Snapshot now, Histogram.Snapshot before) {
        if (before == null) {
            return now;
        }
        long[] counts = now.counts().clone();
        for (int i = 0; i < counts.length; i++) {
            counts[i] -= before.counts()[i];
        }
        return new Histogram.Snapshot(now.bounds(), counts, now.sum() - before.sum(), now.count() - before.count());
    }

    /** The series' attributes with a value (an empty one is absent), the token type last when given. */
    private static Map<String, String> attributes(List<String> names, CallSeries s, String tokenType) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> values = s.attributeValues();
        for (int i = 0; i < names.size(); i++) {
            if (!values.get(i).isEmpty()) {
                a.put(names.get(i), values.get(i));
            }
        }
        if (tokenType != null) {
            a.put(CallInstruments.TOKEN_TYPE, tokenType);
        }
        return a;
    }

    private static String key(Instrument in, Map<String, String> attributes) {
        StringBuilder k = new StringBuilder(in.name());
        attributes.forEach((name, value) -> k.append('\u0000').append(name).append('\u0000').append(value));
        return k.toString();
    }
}
