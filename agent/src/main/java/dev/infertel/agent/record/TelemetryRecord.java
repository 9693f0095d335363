package dev.infertel.agent.record;

/**
 * One measured call, as stored in the queue and shipped. Durations are milliseconds; null means
 * unknown. Derived figures (decode time, TPOT, tokens/s) are computed from the stored ones so they
 * can never disagree. Never holds prompt or response text.
 *
 * @param idProcess random per-process half of {@code record_id}
 * @param idSequence per-process sequence half of {@code record_id}
 * @param startEpochMicros call start, microseconds since the epoch (UTC)
 * @param gpu the local GPUs over the call's window; null when there is no GPU
 */
public record TelemetryRecord(long idProcess, long idSequence, long startEpochMicros, String site, String engine,
                              String engineVersion, String modelRef, Exit exit, String errorType,
                              Double firstTokenMs, double e2eMs, int chunks, ItlSummary itl, Long tokensIn,
                              Long tokensOut, TokensSource tokensOutSource, String finishReason, String tenantId,
                              String thread, long pid, String host, GpuFields gpu) {

    public static final int SCHEMA_VERSION = 1;

    public enum TokensSource { USAGE, CHUNKS }

    public String recordId() {
        return RecordIds.format(idProcess, idSequence);
    }

    public String ts() {
        return Timestamps.isoMicros(startEpochMicros);
    }

    public Double decodeTimeMs() {
        return firstTokenMs == null ? null : Math.max(0.0, e2eMs - firstTokenMs);
    }

    /** Time per output token after the first: decode time / (tokens_out - 1). */
    public Double tpotMs() {
        Double decode = decodeTimeMs();
        if (decode == null || tokensOut == null || tokensOut < 2) {
            return null;
        }
        return decode / (tokensOut - 1);
    }

    /** Output tokens over the whole call: tokens_out / e2e seconds. */
    public Double outputTokensPerS() {
        if (tokensOut == null || e2eMs <= 0) {
            return null;
        }
        return tokensOut / (e2eMs / 1000.0);
    }
}
