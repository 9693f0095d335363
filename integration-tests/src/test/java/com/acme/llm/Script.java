package com.acme.llm;

/**
 * The scripted timing and outcome of one request, derived from its model string alone so that the
 * app can compute what every call must return: a model containing "fail" fails at chunk
 * {@link #FAIL_AT}.
 */
public record Script(String model, int ttftMs, int[] gapsMs, boolean fails) {

    public static final int CHUNKS = 8;
    public static final int FAIL_AT = 3;

    public static Script of(String model) {
        int h = model.hashCode() & 0x7fffffff;
        int[] gaps = new int[CHUNKS - 1];
        for (int k = 0; k < gaps.length; k++) {
            gaps[k] = 1 + (h / 7 + k * 5) % 6;
        }
        return new Script(model, 8 + (h % 5) * 2, gaps, model.contains("fail"));
    }

    public static String token(int k) {
        return "t" + k + " ";
    }

    /** Milliseconds to wait before chunk {@code k}: the TTFT for the first, a scripted gap after. */
    public int delayBefore(int k) {
        return k == 0 ? ttftMs : gapsMs[k - 1];
    }

    public int totalMs() {
        int total = ttftMs;
        for (int g : gapsMs) {
            total += g;
        }
        return total;
    }

    public AcmeException failure() {
        return new AcmeException("boom at chunk " + FAIL_AT + " of " + model);
    }
}
