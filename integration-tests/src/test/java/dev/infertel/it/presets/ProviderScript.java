package dev.infertel.it.presets;

/**
 * The timing and usage every scripted provider endpoint follows, known to the tests: the first token
 * after {@link #TTFT_MS}, then one token per gap. What a request gets is chosen by its model name:
 * {@code ...-429} is refused with HTTP 429, {@code ...-fail} breaks off after {@link #FAIL_AFTER}
 * tokens with the provider's in-stream error event, {@code ...-drop} has its connection cut there.
 */
public final class ProviderScript {

    public static final long TTFT_MS = 80;
    public static final long[] GAPS_MS = {15, 30, 10, 25, 20};
    public static final int TOKENS = GAPS_MS.length + 1;
    /** Usage the server reports: deliberately not the number of chunks, so a test can tell them apart. */
    public static final int PROMPT_TOKENS = 11;
    public static final int COMPLETION_TOKENS = 9;
    public static final int FAIL_AFTER = 2;

    private ProviderScript() {
    }

    public static boolean refused(String model) {
        return model.endsWith("-429");
    }

    public static boolean failsMidStream(String model) {
        return model.endsWith("-fail");
    }

    /** {@code ...-drop}: the connection is cut after {@link #FAIL_AFTER} tokens, without an error event. */
    public static boolean dropsMidStream(String model) {
        return model.endsWith("-drop");
    }

    /** Milliseconds to wait before token {@code i} (0-based). */
    public static long delayBefore(int i) {
        return i == 0 ? TTFT_MS : GAPS_MS[i - 1];
    }
}
