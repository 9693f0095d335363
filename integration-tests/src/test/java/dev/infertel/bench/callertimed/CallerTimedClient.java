package dev.infertel.bench.callertimed;

/**
 * The client that the caller-timed benchmark instruments, with our agent (two sites) or the
 * OpenTelemetry agent ({@code otel.instrumentation.methods.include}): a plain call of some 10 us of
 * work, and a callback stream of {@link #CHUNKS} chunks with the same work spread before them.
 * No telemetry code here.
 */
public final class CallerTimedClient {

    public static final int CHUNKS = 20;
    /** Rounds of {@link #work} in a call: about 10 us on the 2-core benchmark machine. */
    static final int WORK_ROUNDS = 6_000;

    private static final String[] CHUNK_TEXT = new String[CHUNKS];

    static {
        for (int i = 0; i < CHUNKS; i++) {
            CHUNK_TEXT[i] = "tok" + i;
        }
    }

    public int complete(String model, String prompt) {
        return (int) work(model.length() + prompt.length(), WORK_ROUNDS);
    }

    public void stream(String model, String prompt, ChunkListener listener) {
        long x = model.length() + prompt.length();
        for (int i = 0; i < CHUNKS; i++) {
            x = work(x, WORK_ROUNDS / CHUNKS);
            listener.onChunk(CHUNK_TEXT[(int) (x & 0x7fff_ffff) % CHUNKS]);
        }
        listener.onComplete(CHUNKS);
    }

    /** A chain of dependent multiplications: time the JIT cannot fold away, and no memory traffic. */
    static long work(long seed, int rounds) {
        long x = seed | 1;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }
}
