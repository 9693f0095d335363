package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs one body and says what the answer means for the batch: 2xx accepted; 408, 429 and 5xx (and
 * no answer at all) retried, with the server's {@code Retry-After} on 429/503; any other status
 * rejected for good. TLS is verified by the JDK's defaults. Header values are never logged.
 */
final class HttpPoster implements AutoCloseable {

    private static final String USER_AGENT = "telemetry-agent/0.1";

    private final URI url;
    private final String contentType;
    private final boolean gzip;
    private final Duration readTimeout;
    private final Map<String, String> headers;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Body body = new Body();
    private final Body zipped = new Body();

    /**
     * @throws IllegalArgumentException when a header cannot be sent (a variable unset, or a name the
     *     HTTP client reserves); the message names the header, never its value
     */
    HttpPoster(String sinkName, URI url, String contentType, SinkConfig.HttpSettings settings, UnaryOperator<String> env) {
        this.url = url;
        this.contentType = contentType;
        this.gzip = settings.gzip();
        this.readTimeout = settings.readTimeout();
        try {
            this.headers = settings.resolvedHeaders(env);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        for (String name : headers.keySet()) {
            try {
                HttpRequest.newBuilder(url).setHeader(name, "x");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header " + name + " cannot be set by configuration");
            }
        }
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "telemetry-http-" + sinkName);
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
    }

    /** The buffer to write the next body into (cleared). */
    OutputStream body() {
        body.reset();
        return body;
    }

    /** POSTs what was written to {@link #body()}. */
    Delivery post() {
        return post(body.buffer(), body.size());
    }

    /** POSTs the first {@code length} bytes of {@code bytes}, which must stay unchanged until this returns. */
    Delivery post(byte[] bytes, int length) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(readTimeout)
                .setHeader("Content-Type", contentType)
                .setHeader("User-Agent", USER_AGENT);
        try {
            if (gzip) {
                zipped.reset();
                try (GZIPOutputStream z = new GZIPOutputStream(zipped, 1 << 14)) {
                    z.write(bytes, 0, length);
                }
                bytes = zipped.buffer();
                length = zipped.size();
                request.setHeader("Content-Encoding", "gzip");
            }
        } catch (IOException e) {
            return Delivery.retry("cannot compress a batch: " + e);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            request.setHeader(h.getKey(), h.getValue());
        }
        request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes, 0, length));
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return Delivery.retry("POST " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
        return judge(response.statusCode(), response.headers().firstValue("Retry-After"));
    }

    static Delivery judge(int status, Optional<String> retryAfter) {
        if (status >= 200 && status < 300) {
            return Delivery.ACCEPTED;
        }
        String detail = "HTTP " + status;
        if (status == 429 || status == 503) {
            long after = retryAfter.map(HttpPoster::retryAfterMillis).orElse(-1L);
            return after >= 0 ? Delivery.retryAfter(after, detail + ", Retry-After " + after + " ms")
                    : Delivery.retry(detail);
        }
        if (status == 408 || status >= 500) {
            return Delivery.retry(detail);
        }
        return Delivery.rejected(detail);
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date; -1 when neither. */
    static long retryAfterMillis(String value) {
        String v = value.trim();
        try {
            return Math.max(0, Long.parseLong(v)) * 1000;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A growable buffer whose array can be sent without a copy. */
    private static final class Body extends ByteArrayOutputStream {
        Body() {
            super(1 << 16);
        }

        byte[] buffer() {
            return buf;
        }
    }
}
