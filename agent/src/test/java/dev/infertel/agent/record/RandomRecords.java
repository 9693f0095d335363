package dev.infertel.agent.record;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Records with every field drawn at random, nulls, edge numbers and strings of every kind of
 * character included; strings that repeat are the same instances, as they are in a process.
 */
final class RandomRecords {

    private static final String[] REPEATED = {"acme-stream", "openai", "4.8.0", "gpt-4o-mini", "stop", "tenant-42",
            "http-nio-8080-exec-7", "app-host-1", "NVIDIA H100 80GB HBM3", "counter", "EUR", "GPU-1", "GPU-2",
            "mod\u00e8le", "\u6a21\u578b", "a\"b\\c"};

    private final SplittableRandom random;

    RandomRecords(long seed) {
        this.random = new SplittableRandom(seed);
    }

    TelemetryRecord next() {
        GpuFields gpu = null;
        if (random.nextInt(3) == 0) {
            List<String> uuids = new ArrayList<>();
            for (int u = random.nextInt(4); u > 0; u--) {
                String uuid = text();
                uuids.add(uuid == null ? "GPU-0" : uuid);
            }
            gpu = new GpuFields(text(), random.nextInt(-1, 9), uuids, decimal(), decimal(), decimal(), decimal(),
                    decimal(), decimal(), decimal(), text(), decimal(), decimal(), random.nextInt(-2, 3),
                    random.nextBoolean());
        }
        GapHistogram hist = null;
        if (random.nextInt(3) == 0) {
            int n = random.nextInt(1, 6);
            int[] buckets = new int[n];
            int[] counts = new int[n];
            int b = random.nextInt(0, 1000);
            for (int k = 0; k < n; k++) {
                b += random.nextInt(1, 100_000);
                buckets[k] = b;
                counts[k] = random.nextInt(1, Integer.MAX_VALUE);
            }
            hist = new GapHistogram(buckets, counts);
        }
        ItlSummary itl = random.nextInt(3) == 0 ? null : new ItlSummary(plain(), plain(), plain(), plain(), plain(),
                plain(), plain());
        Exit[] exits = Exit.values();
        TelemetryRecord.TokensSource[] sources = TelemetryRecord.TokensSource.values();
        return new TelemetryRecord(idPart(), idPart(), micros(), text(), text(), text(), text(),
                exits[random.nextInt(exits.length)], text(), decimal(), plain(), random.nextInt(-1, 100_000), itl,
                count(), count(), random.nextInt(3) == 0 ? null : sources[random.nextInt(sources.length)], text(),
                text(), text(), idPart(), text(), gpu, hist, decimal(), decimal(), text(), joins());
    }

    /** Null, or a span (ids with leading zeros included), labels, or both. */
    private JoinFields joins() {
        if (random.nextInt(3) == 0) {
            return null;
        }
        String trace = null;
        String span = null;
        if (random.nextBoolean()) {
            long hi = random.nextInt(4) == 0 ? 0 : random.nextLong();
            trace = String.format("%016x%016x", hi, random.nextLong() | 1);
            span = String.format("%016x", random.nextInt(4) == 0 ? 1 : random.nextLong() | 1);
        }
        return new JoinFields(trace, span, labels(), labels());
    }

    private java.util.Map<String, String> labels() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            String k = text();
            String v = text();
            m.put(k == null ? "k" + n : k, v == null ? "" : v);
        }
        return m;
    }

    private long idPart() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong(1 << 20);
            case 1 -> -random.nextLong(1, 1 << 20);
            case 2 -> 0x5eed;
            default -> random.nextLong();
        };
    }

    /** Mostly around now (the cached second), sometimes anywhere a long reaches. */
    private long micros() {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 2 -> -random.nextLong(70L * 365 * 86_400_000_000L);
            default -> 1_795_000_000_000_000L + random.nextLong(5_000_000);
        };
    }

    private Long count() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> 0L;
            case 2 -> 1L;
            case 3 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 4 -> random.nextLong();
            default -> random.nextLong(10_000);
        };
    }

    private Double decimal() {
        return random.nextInt(5) == 0 ? null : plain();
    }

    private double plain() {
        return switch (random.nextInt(16)) {
            case 0 -> Double.NaN;
            case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> random.nextBoolean() ? 0.0 : -0.0;
            case 3 -> random.nextDouble() * 1e-3;
            case 4 -> (random.nextDouble() - 0.5) * 1e-6;
            case 5 -> random.nextDouble() * 2e7;
            case 6 -> Double.longBitsToDouble(random.nextLong());
            case 7 -> random.nextLong(100_000_000) / 1000.0;
            case 8 -> random.nextLong(-10_000_000, 10_000_000) / 1e6 + 0.0000005;
            case 9 -> -random.nextDouble() * 1000;
            default -> random.nextDouble() * 2000;
        };
    }

    /** Null, a string that repeats (same instance), or a fresh one with characters of every kind. */
    private String text() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        if (kind < 6) {
            return REPEATED[random.nextInt(REPEATED.length)];
        }
        int n = kind == 9 ? random.nextInt(120, 300) : random.nextInt(0, 24);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(switch (random.nextInt(9)) {
                case 0 -> (char) random.nextInt(0, 0x20);
                case 1 -> "\"\\/\u007f".charAt(random.nextInt(4));
                case 2 -> (char) random.nextInt(0x80, 0x800);
                case 3 -> (char) random.nextInt(0x800, 0xD800);
                case 4 -> (char) random.nextInt(0xD800, 0xE000);
                case 5 -> (char) random.nextInt(0xE000, 0x10000);
                case 6 -> "\uD83D\uDE00";
                default -> (char) random.nextInt(0x20, 0x7f);
            });
        }
        return s.toString();
    }
}
