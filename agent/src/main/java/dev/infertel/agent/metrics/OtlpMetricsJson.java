package dev.infertel.agent.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.config.MetricsConfig.Temporality;
import dev.infertel.agent.otlp.JsonAttributes;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Collected metrics as an OTLP {@code ExportMetricsServiceRequest} in the OTLP/HTTP JSON encoding:
 * the same content as {@link OtlpMetricsProto} (64-bit integers as strings, enums as numbers).
 */
final class OtlpMetricsJson {

    private OtlpMetricsJson() {
    }

    static void write(JsonGenerator g, OtlpResource resource, List<OtlpMetricsCollector.Metric> metrics,
                      Temporality temporality) throws IOException {
        int temporalityValue = OtlpResource.temporality(temporality);
        JsonAttributes kv = new JsonAttributes(g);
        g.writeStartObject();
        g.writeArrayFieldStart("resourceMetrics");
        g.writeStartObject();
        g.writeObjectFieldStart("resource");
        g.writeArrayFieldStart("attributes");
        resource.attributes(kv);
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("scopeMetrics");
        g.writeStartObject();
        g.writeObjectFieldStart("scope");
        g.writeStringField("name", OtlpResource.SCOPE);
        g.writeStringField("version", OtlpResource.SCOPE_VERSION);
        g.writeEndObject();
        g.writeArrayFieldStart("metrics");
        for (OtlpMetricsCollector.Metric m : metrics) {
            if (m.points().isEmpty()) {
                continue;
            }
            Instrument in = m.instrument();
            g.writeStartObject();
            g.writeStringField("name", in.name());
            g.writeStringField("description", in.description());
            g.writeStringField("unit", in.unit());
            switch (in.kind()) {
                case HISTOGRAM -> {
                    g.writeObjectFieldStart("histogram");
                    g.writeArrayFieldStart("dataPoints");
                    for (OtlpMetricsCollector.Point p : m.points()) {
                        histogramPoint(g, kv, p);
                    }
                    g.writeEndArray();
                    g.writeNumberField("aggregationTemporality", temporalityValue);
                    g.writeEndObject();
                }
                case COUNTER -> {
                    g.writeObjectFieldStart("sum");
                    g.writeArrayFieldStart("dataPoints");
                    for (OtlpMetricsCollector.Point p : m.points()) {
                        g.writeStartObject();
                        attributes(g, kv, p.attributes());
                        times(g, p);
                        g.writeStringField("asInt", Long.toString(p.count()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeNumberField("aggregationTemporality", temporalityValue);
                    g.writeBooleanField("isMonotonic", true);
                    g.writeEndObject();
                }
                case GAUGE -> {
                    g.writeObjectFieldStart("gauge");
                    g.writeArrayFieldStart("dataPoints");
                    for (OtlpMetricsCollector.Point p : m.points()) {
                        g.writeStartObject();
                        attributes(g, kv, p.attributes());
                        times(g, p);
                        g.writeNumberField("asDouble", p.value());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                default -> throw new IllegalStateException(in.kind().name());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void histogramPoint(JsonGenerator g, JsonAttributes kv, OtlpMetricsCollector.Point p)
            throws IOException {
        Histogram.Snapshot h = p.histogram();
        g.writeStartObject();
        attributes(g, kv, p.attributes());
        times(g, p);
        g.writeStringField("count", Long.toString(h.count()));
        g.writeNumberField("sum", h.sum());
        g.writeArrayFieldStart("bucketCounts");
        for (long c : h.counts()) {
            g.writeString(Long.toString(c));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("explicitBounds");
        for (double b : h.bounds()) {
            g.writeNumber(b);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void times(JsonGenerator g, OtlpMetricsCollector.Point p) throws IOException {
        if (p.startNanos() != 0) {
            g.writeStringField("startTimeUnixNano", Long.toString(p.startNanos()));
        }
        g.writeStringField("timeUnixNano", Long.toString(p.timeNanos()));
    }

    private static void attributes(JsonGenerator g, JsonAttributes kv, Map<String, String> attributes)
            throws IOException {
        if (attributes.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("attributes");
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            kv.string(a.getKey(), a.getValue());
        }
        g.writeEndArray();
    }
}
