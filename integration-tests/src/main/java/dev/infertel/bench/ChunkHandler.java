package dev.infertel.bench;

/** The callback a streaming client delivers chunks to; tapped by the agent in the callback benchmark. */
public interface ChunkHandler {

    void onChunk(String chunk);

    void onComplete(int chunks);

    void onError(Throwable error);
}
