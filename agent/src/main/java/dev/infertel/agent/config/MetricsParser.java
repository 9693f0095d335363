package dev.infertel.agent.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code metrics:} block. A mistake in it turns metrics off with one line naming the file,
 * line and key; it never stops the rest of the agent.
 */
final class MetricsParser {

    private static final Set<String> METRICS = keys("prometheus", "otlp", "max_series", "tenant");
    private static final Set<String> PROMETHEUS = keys("host", "port");
    private static final Set<String> OTLP = keys("endpoint", "interval_ms", "temporality", "protocol", "service_name",
            "headers", "gzip", "connect_timeout_ms", "read_timeout_ms");

    private MetricsParser() {
    }

    /** The block's settings, or {@link MetricsConfig#off} with the reason when it is wrong; NONE when absent. */
    static MetricsConfig parseOrOff(YamlNode node) {
        if (node == null || node.isNull()) {
            return MetricsConfig.NONE;
        }
        try {
            return parse(node);
        } catch (ConfigException e) {
            return MetricsConfig.off(e.getMessage());
        }
    }

    static MetricsConfig parse(YamlNode node) throws ConfigException {
        Map<String, YamlNode> m = node.map(METRICS);
        MetricsConfig.Prometheus prometheus = null;
        if (m.containsKey("prometheus")) {
            Map<String, YamlNode> p = m.get("prometheus").map(PROMETHEUS);
            if (!p.containsKey("port")) {
                throw m.get("prometheus").error("port is required (e.g. port: 9464)");
            }
            String host = p.containsKey("host") ? p.get("host").string() : "127.0.0.1";
            if (host.isBlank()) {
                throw p.get("host").error("expected a host name or address");
            }
            prometheus = new MetricsConfig.Prometheus(host, (int) p.get("port").integer(0, 65535));
        }
        int maxSeries = m.containsKey("max_series")
                ? (int) m.get("max_series").integer(1, 1_000_000) : MetricsConfig.DEFAULT_MAX_SERIES;
        boolean tenant = m.containsKey("tenant") && m.get("tenant").bool();
        MetricsConfig.Otlp otlp = m.containsKey("otlp") ? otlp(m.get("otlp")) : null;
        if (prometheus == null && otlp == null) {
            throw node.error("no exporter configured (add prometheus: {port: 9464} or otlp: {endpoint: http://localhost:4318})");
        }
        return new MetricsConfig(prometheus, maxSeries, tenant, otlp, null);
    }

    private static MetricsConfig.Otlp otlp(YamlNode node) throws ConfigException {
        Map<String, YamlNode> o = node.map(OTLP);
        YamlNode endpointNode = ConfigParser.required(node, o, "endpoint");
        long interval = o.containsKey("interval_ms") ? o.get("interval_ms").integer(1_000, 86_400_000)
                : MetricsConfig.Otlp.DEFAULT_INTERVAL_MS;
        MetricsConfig.Temporality temporality = MetricsConfig.Temporality.CUMULATIVE;
        if (o.containsKey("temporality")) {
            YamlNode t = o.get("temporality");
            temporality = switch (t.string()) {
                case "cumulative" -> MetricsConfig.Temporality.CUMULATIVE;
                case "delta" -> MetricsConfig.Temporality.DELTA;
                default -> throw t.error("expected cumulative or delta, got '" + t.string() + "'");
            };
        }
        String service = o.containsKey("service_name") ? o.get("service_name").string()
                : SinkConfig.Otlp.DEFAULT_SERVICE_NAME;
        return new MetricsConfig.Otlp(SinkParser.withoutUserInfo(SinkParser.url(endpointNode)), interval, temporality,
                OtlpProtocol.parse(o), service,
                SinkParser.withBasicAuth(SinkParser.settings(o), SinkParser.url(endpointNode)));
    }

    private static Set<String> keys(String... names) {
        return new TreeSet<>(Set.of(names));
    }
}
