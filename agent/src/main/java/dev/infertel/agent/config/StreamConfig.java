package dev.infertel.agent.config;

import java.util.List;

/**
 * How a streamed call delivers its chunks: either to a callback argument whose methods are named, or
 * through the object the method returns; {@code via} names a method of the returned object that the
 * chunks flow through; {@code chunkWhen} (a {@code chunk...} path) picks which elements count as chunks.
 */
public record StreamConfig(int callbackArg, List<String> onChunk, List<String> onComplete, List<String> onError,
                           Returns returns, String via, ValuePath chunkWhen) {

    public StreamConfig(int callbackArg, List<String> onChunk, List<String> onComplete, List<String> onError,
                        Returns returns) {
        this(callbackArg, onChunk, onComplete, onError, returns, null, null);
    }

    public enum Returns { ITERATOR, STREAM, FUTURE, PUBLISHER }

    public boolean viaCallback() {
        return callbackArg >= 0;
    }

    /**
     * Whether the chunks flow through a method of the returned object ({@code via}: e.g. openai-java's
     * {@code StreamResponse.stream()} or {@code AsyncStreamResponse.subscribe(handler)}) rather than
     * through the instrumented method itself.
     */
    public boolean viaReturned() {
        return via != null;
    }
}
