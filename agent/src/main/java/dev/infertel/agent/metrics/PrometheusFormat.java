package dev.infertel.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the metrics in the Prometheus text exposition format 0.0.4, or in OpenMetrics 1.0.0 when
 * the scraper asks for it (TYPE names without {@code _total}, UNIT lines, {@code # EOF}).
 */
public final class PrometheusFormat {

    public static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final boolean openMetrics;
    private final StringBuilder out = new StringBuilder(1 << 16);

    private PrometheusFormat(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Whether an Accept header asks for OpenMetrics (Prometheus sends it first when it can read it). */
    public static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    public static String write(CallMetrics calls, AgentHealth health, boolean openMetrics, long nowMillis) {
        PrometheusFormat f = new PrometheusFormat(openMetrics);
        f.calls(calls);
        f.health(calls, health, nowMillis);
        if (openMetrics) {
            f.out.append("# EOF\n");
        }
        return f.out.toString();
    }

    private void calls(CallMetrics calls) {
        List<String> names = labelNames(calls.attributeNames());
        List<CallSeries> series = calls.series();
        for (Instrument in : CallInstruments.HISTOGRAMS) {
            header(in);
            String name = in.prometheusName();
            for (CallSeries s : series) {
                if (in == CallInstruments.TOKEN_USAGE) {
                    histogram(name, labels(names, s.attributeValues(), "gen_ai_token_type", "input"),
                            s.histogram(in, false).snapshot());
                    histogram(name, labels(names, s.attributeValues(), "gen_ai_token_type", "output"),
                            s.histogram(in, true).snapshot());
                } else {
                    histogram(name, labels(names, s.attributeValues(), null, null), s.histogram(in, false).snapshot());
                }
            }
        }
        header(CallInstruments.CALLS);
        for (CallSeries s : series) {
            long n = s.histogram(CallInstruments.DURATION, false).snapshot().count();
            sample(CallInstruments.CALLS.prometheusName() + "_total", labels(names, s.attributeValues(), null, null), n);
        }
    }

    private void health(CallMetrics calls, AgentHealth health, long nowMillis) {
        counter(AgentHealth.APPENDED, "", health.appended().getAsLong());
        counter(AgentHealth.DROPPED_BEFORE_QUEUE, "", health.droppedBeforeQueue().getAsLong());
        counter(AgentHealth.SERIES_OVERFLOW, "", calls.overflowed());
        counter(AgentHealth.SUPPRESSED_ERRORS, "", health.suppressedErrors().getAsLong());
        List<AgentHealth.Sink> sinks = health.sinks().get();
        if (sinks.isEmpty()) {
            return;
        }
        Instrument[] counters = {AgentHealth.SINK_SHIPPED, AgentHealth.SINK_RETRIED, AgentHealth.SINK_FAILED,
                AgentHealth.SINK_DROPPED};
        for (Instrument in : counters) {
            header(in);
            for (AgentHealth.Sink s : sinks) {
                long v = in == AgentHealth.SINK_SHIPPED ? s.shipped() : in == AgentHealth.SINK_RETRIED ? s.retried()
                        : in == AgentHealth.SINK_FAILED ? s.failed() : s.dropped();
                sample(in.prometheusName() + "_total", "{sink=\"" + escape(s.name()) + "\"}", v);
            }
        }
        header(AgentHealth.SINK_LAG);
        for (AgentHealth.Sink s : sinks) {
            long since = s.lastAckMillis() > 0 ? s.lastAckMillis() : s.startMillis();
            sample(AgentHealth.SINK_LAG.prometheusName(), "{sink=\"" + escape(s.name()) + "\"}",
                    Math.max(0, nowMillis - since) / 1000.0);
        }
    }

    private void counter(Instrument in, String labels, long value) {
        header(in);
        sample(in.prometheusName() + "_total", labels, value);
    }

    private void header(Instrument in) {
        String family = in.prometheusName();
        String type = in.kind().name().toLowerCase(Locale.ROOT);
        if (!openMetrics && in.kind() == Instrument.Kind.COUNTER) {
            family = family + "_total";
        }
        out.append("# HELP ").append(family).append(' ').append(in.description()).append('\n');
        out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
        if (openMetrics && !in.prometheusUnit().isEmpty()) {
            out.append("# UNIT ").append(family).append(' ').append(in.prometheusUnit()).append('\n');
        }
    }

    private void histogram(String name, String labels, Histogram.Snapshot h) {
        if (h.count() == 0) {
            return;
        }
        String open = labels.isEmpty() ? "{" : labels.substring(0, labels.length() - 1) + ",";
        long cumulative = 0;
        for (int i = 0; i < h.bounds().length; i++) {
            cumulative += h.counts()[i];
            out.append(name).append("_bucket").append(open).append("le=\"").append(number(h.bounds()[i]))
                    .append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_bucket").append(open).append("le=\"+Inf\"} ").append(h.count()).append('\n');
        sample(name + "_sum", labels, h.sum());
        sample(name + "_count", labels, h.count());
    }

    private void sample(String name, String labels, long value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return openNumber((long) v);
        }
        return Double.toString(v);
    }

    private static String openNumber(long v) {
        return v + ".0";
    }

    private static List<String> labelNames(List<String> attributes) {
        List<String> names = new ArrayList<>();
        for (String a : attributes) {
            names.add(a.replace('.', '_'));
        }
        return names;
    }

    /** {@code {a="x",b="y"}} over the non-empty values (an empty label is an absent one to Prometheus). */
    private static String labels(List<String> names, List<String> values, String extraName, String extraValue) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            String v = values.get(i);
            if (!v.isEmpty()) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(names.get(i)).append("=\"").append(escape(v)).append('"');
            }
        }
        if (extraName != null) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(extraName).append("=\"").append(extraValue).append('"');
        }
        return sb.length() == 1 ? "" : sb.append('}').toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
