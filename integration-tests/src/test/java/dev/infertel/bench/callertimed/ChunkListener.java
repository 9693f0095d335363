package dev.infertel.bench.callertimed;

/** How {@link CallerTimedClient#stream} hands its chunks to the caller. */
public interface ChunkListener {

    void onChunk(String chunk);

    void onComplete(int chunks);

    void onError(Throwable error);
}
