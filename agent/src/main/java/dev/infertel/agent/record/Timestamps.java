package dev.infertel.agent.record;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Wall-clock time for records without a wall-clock read per call: one anchor (epoch micros at a
 * {@link System#nanoTime()} reading) taken at start, and every call's start placed on it.
 */
public final class Timestamps {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final long anchorEpochMicros;
    private final long anchorNanos;

    public Timestamps() {
        Instant now = Instant.now();
        this.anchorNanos = System.nanoTime();
        this.anchorEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    public long epochMicros(long nanoTime) {
        return anchorEpochMicros + Math.floorDiv(nanoTime - anchorNanos, 1_000L);
    }

    public static String isoMicros(long epochMicros) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        return ISO_MICROS.format(t);
    }

    public static long parseIsoMicros(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
