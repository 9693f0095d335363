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
 * @param itlHist all the call's inter-chunk gaps as a histogram; null when there is no gap
 * @param cost token cost from the configured prices; null when unpriced
 * @param energyCost energy cost from the configured energy price; null when unpriced
 * @param currency currency of cost and energyCost; null when both are null
 * @param joins the application's span at the call's start and the process's labels; null when none
 */
public record TelemetryRecord(long idProcess, long idSequence, long startEpochMicros, String site, String engine,
                              String engineVersion, String modelRef, Exit exit, String errorType,
                              Double firstTokenMs, double e2eMs, int chunks, ItlSummary itl, Long tokensIn,
                              Long tokensOut, TokensSource tokensOutSource, String finishReason, String tenantId,
                              String thread, long pid, String host, GpuFields gpu, GapHistogram itlHist,
                              Double cost, Double energyCost, String currency, JoinFields joins) {

    public static final int SCHEMA_VERSION = 1;

    public TelemetryRecord {
        joins = joins == null || joins.isEmpty() ? null : joins;
    }

    /** A record without join fields (as written before they existed). */
    public TelemetryRecord(long idProcess, long idSequence, long startEpochMicros, String site, String engine,
                           String engineVersion, String modelRef, Exit exit, String errorType,
                           Double firstTokenMs, double e2eMs, int chunks, ItlSummary itl, Long tokensIn,
                           Long tokensOut, TokensSource tokensOutSource, String finishReason, String tenantId,
                           String thread, long pid, String host, GpuFields gpu, GapHistogram itlHist,
                           Double cost, Double energyCost, String currency) {
        this(idProcess, idSequence, startEpochMicros, site, engine, engineVersion, modelRef, exit, errorType,
                firstTokenMs, e2eMs, chunks, itl, tokensIn, tokensOut, tokensOutSource, finishReason, tenantId,
                thread, pid, host, gpu, itlHist, cost, energyCost, currency, null);
    }

    /** A record without gap histogram and costs (as written before those existed). */
    public TelemetryRecord(long idProcess, long idSequence, long startEpochMicros, String site, String engine,
                           String engineVersion, String modelRef, Exit exit, String errorType,
                           Double firstTokenMs, double e2eMs, int chunks, ItlSummary itl, Long tokensIn,
                           Long tokensOut, TokensSource tokensOutSource, String finishReason, String tenantId,
                           String thread, long pid, String host, GpuFields gpu) {
        this(idProcess, idSequence, startEpochMicros, site, engine, engineVersion, modelRef, exit, errorType,
                firstTokenMs, e2eMs, chunks, itl, tokensIn, tokensOut, tokensOutSource, finishReason, tenantId,
                thread, pid, host, gpu, null, null, null, null, null);
    }

    /** This record with the given costs (null = unpriced). */
    public TelemetryRecord withCosts(Double cost, Double energyCost, String currency) {
        return new TelemetryRecord(idProcess, idSequence, startEpochMicros, site, engine, engineVersion, modelRef,
                exit, errorType, firstTokenMs, e2eMs, chunks, itl, tokensIn, tokensOut, tokensOutSource, finishReason,
                tenantId, thread, pid, host, gpu, itlHist, cost, energyCost, currency, joins);
    }

    /** This record with the given join fields (null = none). */
    public TelemetryRecord withJoins(JoinFields joins) {
        return new TelemetryRecord(idProcess, idSequence, startEpochMicros, site, engine, engineVersion, modelRef,
                exit, errorType, firstTokenMs, e2eMs, chunks, itl, tokensIn, tokensOut, tokensOutSource, finishReason,
                tenantId, thread, pid, host, gpu, itlHist, cost, energyCost, currency, joins);
    }

    public enum TokensSource { USAGE, CHUNKS }

    public String recordId() {
        return RecordIds.format(idProcess, idSequence);
    }

    public String traceId() {
        return joins == null ? null : joins.traceId();
    }

    public String spanId() {
        return joins == null ? null : joins.spanId();
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
