package dev.infertel.agent.metrics;

/**
 * One metric as OpenTelemetry names it, and its Prometheus name by the standard OTel-to-Prometheus
 * mapping (dots to underscores, the unit as a suffix, {@code _total} on counters; curly-brace
 * annotations such as {@code {token}} add no suffix).
 */
public record Instrument(String name, String unit, Kind kind, String description, double[] bounds) {

    public enum Kind { HISTOGRAM, COUNTER, GAUGE }

    public static Instrument histogram(String name, String unit, String description, double[] bounds) {
        return new Instrument(name, unit, Kind.HISTOGRAM, description, bounds);
    }

    public static Instrument counter(String name, String unit, String description) {
        return new Instrument(name, unit, Kind.COUNTER, description, null);
    }

    public static Instrument gauge(String name, String unit, String description) {
        return new Instrument(name, unit, Kind.GAUGE, description, null);
    }

    /** The Prometheus metric family name, without {@code _total}. */
    public String prometheusName() {
        String base = name.replace('.', '_');
        String suffix = unitSuffix(unit);
        return suffix.isEmpty() || base.endsWith("_" + suffix) ? base : base + "_" + suffix;
    }

    /** The OpenMetrics UNIT, empty when the unit is only an annotation. */
    public String prometheusUnit() {
        return unitSuffix(unit);
    }

    static String unitSuffix(String unit) {
        return switch (unit) {
            case "s" -> "seconds";
            case "ms" -> "milliseconds";
            case "J" -> "joules";
            case "W" -> "watts";
            case "By" -> "bytes";
            case "1" -> "ratio";
            default -> unit.startsWith("{") ? "" : unit;
        };
    }
}
