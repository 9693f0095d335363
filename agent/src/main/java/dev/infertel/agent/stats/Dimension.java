package dev.infertel.agent.stats;

import dev.infertel.agent.record.TelemetryRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What records can be grouped by ({@code --by}). A missing value groups as "-". */
public enum Dimension {
    MODEL, ENGINE, SITE, GPU, EXIT, TENANT;

    public static final List<Dimension> DEFAULT = List.of(MODEL, ENGINE, GPU);
    public static final String NONE = "-";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String of(TelemetryRecord r) {
        String v = switch (this) {
            case MODEL -> r.modelRef();
            case ENGINE -> r.engine();
            case SITE -> r.site();
            case GPU -> r.gpu() == null ? null : gpuLabel(r);
            case EXIT -> r.exit().json();
            case TENANT -> r.tenantId();
        };
        return v == null ? NONE : v;
    }

    private static String gpuLabel(TelemetryRecord r) {
        String name = r.gpu().gpuName() == null ? "unknown GPU" : r.gpu().gpuName();
        return r.gpu().gpuCount() > 1 ? r.gpu().gpuCount() + "x " + name : name;
    }

    /** A comma list such as {@code model,gpu}. */
    public static List<Dimension> parseList(String text) {
        List<Dimension> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                Dimension d = valueOf(p.toUpperCase(Locale.ROOT));
                if (!out.contains(d)) {
                    out.add(d);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--by: unknown dimension '" + p
                        + "' (known: model, engine, site, gpu, exit, tenant)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--by needs at least one of model, engine, site, gpu, exit, tenant");
        }
        return List.copyOf(out);
    }
}
