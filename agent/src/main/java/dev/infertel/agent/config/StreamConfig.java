package dev.infertel.agent.config;

import java.util.List;

/**
 * How a streamed call delivers its chunks: either to a callback argument whose methods are named, or
 * through the object the method returns; {@code via} names a method of the returned object that the
 * chunks flow through; {@code chunkWhen} (a {@code chunk...} path) picks which elements count as chunks.
 * {@code iterableClass}: the class of a returned handle (or of a future's value) whose {@code iterator()}
 * gives the chunks and whose {@code close()} cancels (google-genai's {@code ResponseStream}); the agent
 * weaves that class, so it may be a class rather than an interface. {@code errorWhen} (a {@code chunk...}
 * path): an element where it gives a value is the server's error event, which ends the call as an error
 * (openai-java's Responses streams hand the {@code error} event to the caller rather than throwing).
 */
public record StreamConfig(int callbackArg, List<String> onChunk, List<String> onComplete, List<String> onError,
                           Returns returns, String via, ValuePath chunkWhen, String iterableClass, ValuePath errorWhen) {

    public StreamConfig(int callbackArg, List<String> onChunk, List<String> onComplete, List<String> onError,
                        Returns returns) {
        this(callbackArg, onChunk, onComplete, onError, returns, null, null, null, null);
    }

    public StreamConfig(int callbackArg, List<String> onChunk, List<String> onComplete, List<String> onError,
                        Returns returns, String via, ValuePath chunkWhen) {
        this(callbackArg, onChunk, onComplete, onError, returns, via, chunkWhen, null, null);
    }

    public enum Returns { ITERATOR, STREAM, FUTURE, PUBLISHER, ITERABLE }

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

    /** Whether the chunks flow through the {@code iterator()} of a returned handle of {@link #iterableClass}. */
    public boolean viaIterable() {
        return iterableClass != null;
    }
}
