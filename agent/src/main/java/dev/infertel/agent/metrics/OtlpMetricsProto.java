package dev.infertel.agent.metrics;

import dev.infertel.agent.config.MetricsConfig.Temporality;
import dev.infertel.agent.otlp.ProtoAttributes;
import dev.infertel.agent.otlp.ProtoWriter;
import java.util.List;
import java.util.Map;

/**
 * Collected metrics as an OTLP {@code ExportMetricsServiceRequest} in the protobuf encoding (field
 * numbers from opentelemetry-proto's {@code metrics/v1/metrics.proto}): histograms with explicit
 * buckets, counters as monotonic sums, gauges.
 */
final class OtlpMetricsProto {

    // ExportMetricsServiceRequest
    private static final int RESOURCE_METRICS = 1;
    // ResourceMetrics
    private static final int RESOURCE = 1;
    private static final int SCOPE_METRICS = 2;
    // ScopeMetrics
    private static final int SCOPE = 1;
    private static final int METRICS = 2;
    // Metric
    private static final int NAME = 1;
    private static final int DESCRIPTION = 2;
    private static final int UNIT = 3;
    private static final int GAUGE = 5;
    private static final int SUM = 7;
    private static final int HISTOGRAM = 9;
    // Gauge, Sum, Histogram
    private static final int DATA_POINTS = 1;
    private static final int AGGREGATION_TEMPORALITY = 2;
    private static final int IS_MONOTONIC = 3;
    // NumberDataPoint
    private static final int NUMBER_ATTRIBUTES = 7;
    private static final int START_TIME_UNIX_NANO = 2;
    private static final int TIME_UNIX_NANO = 3;
    private static final int AS_DOUBLE = 4;
    private static final int AS_INT = 6;
    // HistogramDataPoint
    private static final int HISTOGRAM_ATTRIBUTES = 9;
    private static final int COUNT = 4;
    private static final int SUM_VALUE = 5;
    private static final int BUCKET_COUNTS = 6;
    private static final int EXPLICIT_BOUNDS = 7;

    private OtlpMetricsProto() {
    }

    static void write(ProtoWriter w, OtlpResource resource, List<OtlpMetricsCollector.Metric> metrics,
                      Temporality temporality) {
        int temporalityValue = OtlpResource.temporality(temporality);
        int rm = w.begin(RESOURCE_METRICS);
        int r = w.begin(RESOURCE);
        resource.attributes(new ProtoAttributes(w, 1));
        w.end(r);
        int sm = w.begin(SCOPE_METRICS);
        int scope = w.begin(SCOPE);
        w.stringField(1, OtlpResource.SCOPE);
        w.stringField(2, OtlpResource.SCOPE_VERSION);
        w.end(scope);
        for (OtlpMetricsCollector.Metric m : metrics) {
            if (m.points().isEmpty()) {
                continue;
            }
            Instrument in = m.instrument();
            int metric = w.begin(METRICS);
            w.stringField(NAME, in.name());
            w.stringField(DESCRIPTION, in.description());
            w.stringField(UNIT, in.unit());
            switch (in.kind()) {
                case HISTOGRAM -> {
                    int h = w.begin(HISTOGRAM);
                    for (OtlpMetricsCollector.Point p : m.points()) {
                        histogramPoint(w, p);
                    }
                    w.varintField(AGGREGATION_TEMPORALITY, temporalityValue);
                    w.end(h);
                }
                case COUNTER -> {
                    int sum = w.begin(SUM);
                    for (OtlpMetricsCollector.Point p : m.points()) {
                        int dp = w.begin(DATA_POINTS);
                        attributes(w, NUMBER_ATTRIBUTES, p.attributes());
                        times(w, p);
                        w.fixed64Field(AS_INT, p.count());
                        w.end(dp);
                    }
                    w.varintField(AGGREGATION_TEMPORALITY, temporalityValue);
                    w.boolField(IS_MONOTONIC, true);
                    w.end(sum);
                }
                case GAUGE -> {
                    int gauge = w.begin(GAUGE);
                    for (OtlpMetricsCollector.Point p : m.points()) {
                        int dp = w.begin(DATA_POINTS);
                        attributes(w, NUMBER_ATTRIBUTES, p.attributes());
                        times(w, p);
                        w.doubleField(AS_DOUBLE, p.value());
                        w.end(dp);
                    }
                    w.end(gauge);
                }
                default -> throw new IllegalStateException(in.kind().name());
            }
            w.end(metric);
        }
        w.end(sm);
        w.end(rm);
    }

    private static void histogramPoint(ProtoWriter w, OtlpMetricsCollector.Point p) {
        Histogram.Snapshot h = p.histogram();
        int dp = w.begin(DATA_POINTS);
        attributes(w, HISTOGRAM_ATTRIBUTES, p.attributes());
        times(w, p);
        w.fixed64Field(COUNT, h.count());
        w.doubleField(SUM_VALUE, h.sum());
        w.packedFixed64(BUCKET_COUNTS, h.counts(), h.counts().length);
        w.packedDouble(EXPLICIT_BOUNDS, h.bounds(), h.bounds().length);
        w.end(dp);
    }

    private static void times(ProtoWriter w, OtlpMetricsCollector.Point p) {
        if (p.startNanos() != 0) {
            w.fixed64Field(START_TIME_UNIX_NANO, p.startNanos());
        }
        w.fixed64Field(TIME_UNIX_NANO, p.timeNanos());
    }

    private static void attributes(ProtoWriter w, int field, Map<String, String> attributes) {
        ProtoAttributes kv = new ProtoAttributes(w, field);
        attributes.forEach(kv::string);
    }
}
