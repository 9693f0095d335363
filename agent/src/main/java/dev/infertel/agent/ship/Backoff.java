package dev.infertel.agent.ship;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between retries of one batch: 0.5x to 1x of base * 2^(attempt-1),
 * capped; a receiver's Retry-After, when given, is waited instead (capped too), so a receiver that
 * asks for room gets it and many agents do not retry in step.
 */
public record Backoff(long baseMillis, long maxMillis, long maxRetryAfterMillis) {

    public static final Backoff DEFAULT = new Backoff(250, 30_000, 300_000);

    public long delayMillis(int attempt, long retryAfterMillis) {
        if (retryAfterMillis >= 0) {
            return Math.min(retryAfterMillis, maxRetryAfterMillis);
        }
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt - 1, 30));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
