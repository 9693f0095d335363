package dev.infertel.agent.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since} / {@code --until}: an ISO-8601 instant (2026-11-23T10:00:00Z, with an offset, or
 * without one meaning UTC; a bare date means its UTC midnight) or a time before now: a whole number
 * and s, m, h or d (90s, 30m, 1h, 2d).
 */
public final class TimeBound {

    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");

    private TimeBound() {
    }

    /** Microseconds since the epoch. */
    public static long parseMicros(String text, Instant now) {
        String t = text.trim();
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long seconds = switch (m.group(2)) {
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n * 86400;
            };
            return micros(now.minusSeconds(seconds));
        }
        try {
            return micros(Instant.parse(t));
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return micros(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return micros(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return micros(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO time (2026-11-23T10:00:00Z) "
                    + "nor a time before now (30m, 1h, 2d)");
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
