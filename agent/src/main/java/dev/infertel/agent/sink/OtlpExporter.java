package dev.infertel.agent.sink;

import dev.infertel.agent.config.OtlpProtocol;
import dev.infertel.agent.config.SinkConfig;
import java.io.OutputStream;
import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * The one OTLP/HTTP transport of the agent, shared by the logs sink and the metrics export: POSTs an
 * encoded {@code Export*ServiceRequest} with the protocol's {@code Content-Type} and reads the answer
 * by the OTLP rules ({@link OtlpJudge}).
 */
public final class OtlpExporter implements AutoCloseable {

    private final OtlpProtocol protocol;
    private final HttpPoster poster;

    /**
     * @param items what the signal's items are called in the log ("log record(s)", "data point(s)")
     * @throws IllegalArgumentException when a header cannot be sent (the message names it, never its value)
     */
    public OtlpExporter(String name, URI url, OtlpProtocol protocol, SinkConfig.HttpSettings settings,
                        UnaryOperator<String> env, String items) {
        this.protocol = protocol;
        this.poster = new HttpPoster(name, url, protocol.contentType(), settings, env, new OtlpJudge(items));
    }

    public OtlpProtocol protocol() {
        return protocol;
    }

    /** The buffer to write the next body into (cleared), for {@link #export()}. */
    public OutputStream body() {
        return poster.body();
    }

    /** Exports what was written to {@link #body()}. */
    public Delivery export() {
        return poster.post();
    }

    /** Exports the first {@code length} bytes of {@code body}, which must stay unchanged until this returns. */
    public Delivery export(byte[] body, int length) {
        return poster.post(body, length);
    }

    @Override
    public void close() {
        poster.close();
    }
}
