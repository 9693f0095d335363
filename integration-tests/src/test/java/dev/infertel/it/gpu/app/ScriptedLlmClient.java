package dev.infertel.it.gpu.app;

/**
 * A streaming "LLM client" with scripted timing and no I/O: the first chunk after
 * {@code firstChunkMillis}, then {@code chunks - 1} more, {@code gapMillis} apart. It knows nothing of telemetry.
 */
public final class ScriptedLlmClient {

    private final int firstChunkMillis;
    private final int gapMillis;
    private final int chunks;

    public ScriptedLlmClient(int firstChunkMillis, int gapMillis, int chunks) {
        this.firstChunkMillis = firstChunkMillis;
        this.gapMillis = gapMillis;
        this.chunks = chunks;
    }

    public void stream(String model, String prompt, ChunkListener listener) {
        long next = System.nanoTime() + firstChunkMillis * 1_000_000L;
        for (int i = 0; i < chunks; i++) {
            sleepUntil(next);
            listener.onChunk("tok" + i);
            next += gapMillis * 1_000_000L;
        }
        listener.onComplete(chunks);
    }

    /** Deadlines from the start, so scheduling delays do not add up over the stream. */
    private static void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            try {
                Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
