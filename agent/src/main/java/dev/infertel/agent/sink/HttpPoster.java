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
 * POSTs one body and says what the answer means for the batch, by default: 2xx accepted; 408, 429 and
 * 5xx (and no answer at all) retried, with the server's {@code Retry-After} on 429/503; any other
 * status rejected for good. A sink with other rules (OTLP) gives its own {@link Judge}. TLS is
 * verified by the JDK's defaults. Header values are never logged.
 */
final class HttpPoster implements AutoCloseable {

    private static final String USER_AGENT = "telemetry-agent/0.1";

    private final URI url;
    private final String contentType;
    private final boolean gzip;
    private final Duration readTimeout;
    private final Map<String, String> headers;
    private final Judge judge;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Body body = new Body();
    private final Body zipped = new Body();

    /**
     * @throws IllegalArgumentException when a header cannot be sent (a variable unset, or a name the
     *     HTTP client reserves); the message names the header, never its value
     */
    HttpPoster(String sinkName, URI url, String contentType, SinkConfig.HttpSettings settings, UnaryOperator<String> env) {
        this(sinkName, url, contentType, settings, env, a -> judge(a.status(), a.retryAfter()));
    }

    /** A poster whose answers {@code judge} reads (OTLP has its own rules and reads the body). */
    HttpPoster(String sinkName, URI url, String contentType, SinkConfig.HttpSettings settings, UnaryOperator<String> env,
               Judge judge) {
        this.url = url;
        this.judge = judge;
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
        AnswerBody answerBody = new AnswerBody();
        try {
            response = client.send(request.build(), info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(answerBody));
        } catch (IOException e) {
            return Delivery.retry("POST " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
        return judge.judge(new Answer(response.statusCode(), response.headers().firstValue("Retry-After"),
                response.headers().firstValue("Content-Type").orElse(""), answerBody.bytes()));
    }

    /** What a sink makes of the server's answer to one POST. */
    @FunctionalInterface
    interface Judge {
        Delivery judge(Answer answer);
    }

    /** @param body the first {@link #MAX_ANSWER_BYTES} of the response body (the rest is read and dropped) */
    record Answer(int status, Optional<String> retryAfter, String contentType, byte[] body) {
    }

    /** Enough for any error message or partial-success answer; a huge error page is not kept. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

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

    /** Keeps the start of a response body; called by the client's threads, read once send returns. */
    private static final class AnswerBody implements java.util.function.Consumer<Optional<byte[]>> {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(b -> kept.write(b, 0, Math.min(b.length, MAX_ANSWER_BYTES - kept.size())));
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }
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
