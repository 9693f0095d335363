package dev.infertel.agent.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What joins a record to the rest of the application's telemetry: the OpenTelemetry span that was
 * current when the call began, and the process's own labels ({@code metadata} from the config, the
 * OpenTelemetry {@code resource} from {@code OTEL_SERVICE_NAME} / {@code OTEL_RESOURCE_ATTRIBUTES}).
 *
 * @param traceId 32 lower-case hex digits, or null; never all zeros (an invalid context is no span)
 * @param spanId 16 lower-case hex digits, or null exactly when traceId is
 * @param metadata config labels, in their order; empty when none
 * @param resource resource attributes, in their order; empty when none
 */
public record JoinFields(String traceId, String spanId, Map<String, String> metadata, Map<String, String> resource) {

    public static final int TRACE_ID_HEX = 32;
    public static final int SPAN_ID_HEX = 16;

    public JoinFields {
        if (!isHexId(traceId, TRACE_ID_HEX) || !isHexId(spanId, SPAN_ID_HEX)) {
            traceId = null;
            spanId = null;
        }
        metadata = frozen(metadata);
        resource = frozen(resource);
    }

    /** The process's labels without a span; null when there are none (a record then carries no join part). */
    public static JoinFields ofProcess(Map<String, String> metadata, Map<String, String> resource) {
        JoinFields j = new JoinFields(null, null, metadata, resource);
        return j.isEmpty() ? null : j;
    }

    /** These labels with the span {@code traceId}/{@code spanId} (hex); an invalid span leaves none. */
    public JoinFields withSpan(String traceId, String spanId) {
        return new JoinFields(traceId, spanId, metadata, resource);
    }

    public boolean hasSpan() {
        return traceId != null;
    }

    public boolean isEmpty() {
        return traceId == null && metadata.isEmpty() && resource.isEmpty();
    }

    /** Lower-case hex of {@code length} digits, not all zeros (the W3C / OpenTelemetry invalid id). */
    public static boolean isHexId(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    /** {@code hex}'s digits {@code [from, from + 16)} as a long (the codec stores ids as longs). */
    static long hexLong(String hex, int from) {
        return Long.parseUnsignedLong(hex, from, from + 16, 16);
    }

    /** As {@link #hexLong}'s inverse: 16 lower-case hex digits. */
    static String hex(long value) {
        String s = Long.toHexString(value);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }

    /** An unmodifiable copy that keeps the order (a record's maps are its own). */
    private static Map<String, String> frozen(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
