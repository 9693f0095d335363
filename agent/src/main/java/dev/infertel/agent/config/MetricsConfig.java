package dev.infertel.agent.config;

/**
 * The {@code metrics:} block: live metrics fed from the records. {@code error} is the one line that
 * turned metrics off (a bad key), null when the block is valid or absent.
 *
 * @param prometheus the scrape endpoint, null when off
 * @param maxSeries distinct label sets per instrument; past it calls count in an {@code other} series
 * @param tenant whether the tenant (hashed as in records when anonymisation is on) is a label
 */
public record MetricsConfig(Prometheus prometheus, int maxSeries, boolean tenant, String error) {

    public static final int DEFAULT_MAX_SERIES = 1000;
    public static final MetricsConfig NONE = new MetricsConfig(null, DEFAULT_MAX_SERIES, false, null);

    /** GET /metrics on {@code host:port}; 127.0.0.1 unless another host is asked for. */
    public record Prometheus(String host, int port) {
    }

    public static MetricsConfig off(String error) {
        return new MetricsConfig(null, DEFAULT_MAX_SERIES, false, error);
    }

    public boolean enabled() {
        return error == null && prometheus != null;
    }
}
