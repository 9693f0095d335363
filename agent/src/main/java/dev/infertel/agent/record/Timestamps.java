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

    /**
     * {@code yyyy-MM-ddTHH:mm:ss.uuuuuuZ}, by arithmetic: the shipper formats one per record, and a
     * {@link DateTimeFormatter} costs more than the rest of the record's numbers. Years outside
     * 0..9999 fall back to the formatter.
     */
    public static String isoMicros(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // days since 1970-01-01 to civil date (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return ISO_MICROS.format(Instant.ofEpochSecond(seconds, micros * 1_000L));
        }
        char[] c = new char[27];
        digits(c, 0, (int) year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        digits(c, 20, micros, 6);
        c[26] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static long parseIsoMicros(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
