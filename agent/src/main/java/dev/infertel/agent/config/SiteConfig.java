package dev.infertel.agent.config;

import java.util.List;

/** One instrumented method: which, and what to read from each call. {@code stream} null = a plain call. */
public record SiteConfig(String name, String className, String method, List<String> params, String engine,
                         String engineVersion, ValuePath model, ValuePath tokensIn, ValuePath tokensOut,
                         ValuePath finishReason, ValuePath tenant, StreamConfig stream, int line) {
}
