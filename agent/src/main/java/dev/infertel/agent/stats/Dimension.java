package dev.infertel.agent.stats;

import dev.infertel.agent.record.FlatRecord;
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
        return gpuLabel(r.gpu().gpuName(), r.gpu().gpuCount());
    }

    static String gpuLabel(String gpuName, int gpuCount) {
        String name = gpuName == null ? "unknown GPU" : gpuName;
        return gpuCount > 1 ? gpuCount + "x " + name : name;
    }

    /** As {@link #of(TelemetryRecord)}; multi-GPU labels come from {@code labels}, so no string is built per record. */
    String of(FlatRecord r, GpuLabels labels) {
        String v = switch (this) {
            case MODEL -> r.modelRef;
            case ENGINE -> r.engine;
            case SITE -> r.site;
            case GPU -> r.gpu ? labels.of(r.gpuName, r.gpuCount) : null;
            case EXIT -> EXIT_LABELS[r.exit.ordinal()];
            case TENANT -> r.tenantId;
        };
        return v == null ? NONE : v;
    }

    private static final String[] EXIT_LABELS = java.util.Arrays.stream(dev.infertel.agent.record.Exit.values())
            .map(dev.infertel.agent.record.Exit::json).toArray(String[]::new);

    /** The GPU group labels one reading thread has built. */
    static final class GpuLabels {
        private final java.util.Map<String, String[]> byName = new java.util.HashMap<>();

        String of(String gpuName, int gpuCount) {
            if (gpuCount <= 1 && gpuName != null) {
                return gpuName;
            }
            String key = gpuName == null ? "" : gpuName;
            String[] labels = byName.computeIfAbsent(key, k -> new String[9]);
            if (gpuCount < labels.length) {
                String l = labels[Math.max(0, gpuCount)];
                if (l == null) {
                    l = gpuLabel(gpuName, gpuCount);
                    labels[Math.max(0, gpuCount)] = l;
                }
                return l;
            }
            return gpuLabel(gpuName, gpuCount);
        }
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
