package dev.infertel.agent.config;

import java.net.URI;

/**
 * The {@code metrics:} block: live metrics fed from the records. {@code error} is the one line that
 * turned metrics off (a bad key), null when the block is valid or absent.
 *
 * @param prometheus the scrape endpoint, null when off
 * @param maxSeries distinct label sets per instrument; past it calls count in an {@code other} series
 * @param tenant whether the tenant (hashed as in records when anonymisation is on) is a label
 * @param otlp the OTLP/HTTP push, null when off
 */
public record MetricsConfig(Prometheus prometheus, int maxSeries, boolean tenant, Otlp otlp, String error) {

    public static final int DEFAULT_MAX_SERIES = 1000;
    public static final MetricsConfig NONE = new MetricsConfig(null, DEFAULT_MAX_SERIES, false, null, null);

    public MetricsConfig(Prometheus prometheus, int maxSeries, boolean tenant, String error) {
        this(prometheus, maxSeries, tenant, null, error);
    }

    /** GET /metrics on {@code host:port}; 127.0.0.1 unless another host is asked for. */
    public record Prometheus(String host, int port) {
    }

    public enum Temporality { CUMULATIVE, DELTA }

    /**
     * Pushes the metrics to an OTLP/HTTP endpoint every {@code intervalMs}, and once more at exit.
     *
     * @param serviceName the {@code service.name} resource attribute
     */
    public record Otlp(URI endpoint, long intervalMs, Temporality temporality, OtlpProtocol protocol,
                       String serviceName, SinkConfig.HttpSettings http) {

        public static final long DEFAULT_INTERVAL_MS = 60_000;

        /** The metrics URL: the endpoint as given when it names {@code /v1/metrics}, else the endpoint plus it. */
        public URI metricsUrl() {
            String s = endpoint.toString();
            if (s.endsWith("/v1/metrics")) {
                return endpoint;
            }
            return URI.create(s.endsWith("/") ? s + "v1/metrics" : s + "/v1/metrics");
        }
    }

    public static MetricsConfig off(String error) {
        return new MetricsConfig(null, DEFAULT_MAX_SERIES, false, null, error);
    }

    public boolean enabled() {
        return error == null && (prometheus != null || otlp != null);
    }
}
