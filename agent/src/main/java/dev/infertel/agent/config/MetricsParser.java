package dev.infertel.agent.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code metrics:} block. A mistake in it turns metrics off with one line naming the file,
 * line and key; it never stops the rest of the agent.
 */
final class MetricsParser {

    private static final Set<String> METRICS = keys("prometheus", "max_series", "tenant");
    private static final Set<String> PROMETHEUS = keys("host", "port");

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
        if (prometheus == null) {
            throw node.error("no exporter configured (add prometheus: {port: 9464})");
        }
        return new MetricsConfig(prometheus, maxSeries, tenant, null);
    }

    private static Set<String> keys(String... names) {
        return new TreeSet<>(Set.of(names));
    }
}
