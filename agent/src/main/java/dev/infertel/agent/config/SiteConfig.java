package dev.infertel.agent.config;

import java.util.List;

/**
 * One instrumented method: which, and what to read from each call. {@code stream} null = a plain call.
 * {@code rejectOn}: exception classes (or superclasses) meaning the server refused the request
 * (rate limit, overload); such a call ends with exit {@code reject} instead of {@code error}.
 */
public record SiteConfig(String name, String className, String method, List<String> params, String engine,
                         String engineVersion, ValuePath model, ValuePath tokensIn, ValuePath tokensOut,
                         ValuePath finishReason, ValuePath tenant, StreamConfig stream, int line,
                         List<String> rejectOn) {

    /** {@code engine_version: jar}: the version is read from the jar of the instrumented class. */
    public static final String VERSION_FROM_JAR = "jar";

    public SiteConfig(String name, String className, String method, List<String> params, String engine,
                      String engineVersion, ValuePath model, ValuePath tokensIn, ValuePath tokensOut,
                      ValuePath finishReason, ValuePath tenant, StreamConfig stream, int line) {
        this(name, className, method, params, engine, engineVersion, model, tokensIn, tokensOut, finishReason,
                tenant, stream, line, List.of());
    }
}
