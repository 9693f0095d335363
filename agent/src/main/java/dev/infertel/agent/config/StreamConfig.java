package dev.infertel.agent.config;

import java.util.List;

/**
 * How a streamed call delivers its chunks: either to a callback argument whose methods are named, or
 * through the object the method returns.
 */
public record StreamConfig(int callbackArg, List<String> onChunk, List<String> onComplete, List<String> onError,
                           Returns returns) {

    public enum Returns { ITERATOR, STREAM, FUTURE, PUBLISHER }

    public boolean viaCallback() {
        return callbackArg >= 0;
    }
}
