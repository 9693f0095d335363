package dev.infertel.it.gpu.app;

/** How {@link ScriptedLlmClient} hands chunks to its caller. */
public interface ChunkListener {
    void onChunk(String chunk);

    void onComplete(int chunks);
}
