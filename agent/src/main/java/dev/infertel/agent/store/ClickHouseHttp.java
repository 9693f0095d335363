package dev.infertel.agent.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Statements and queries over ClickHouse's HTTP interface (the statement is the POST body), with the
 * answer's text. Credentials go in ClickHouse's {@code X-ClickHouse-User} / {@code X-ClickHouse-Key}
 * headers (18.16 and later), never in the URL, and are never part of an error message.
 */
public final class ClickHouseHttp {

    private final URI url;
    private final Map<String, String> headers;
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param url the server's HTTP endpoint, e.g. {@code http://127.0.0.1:8123}
     * @param user null for ClickHouse's default user
     * @param password null for none
     */
    public ClickHouseHttp(URI url, String user, String password, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        java.util.LinkedHashMap<String, String> h = new java.util.LinkedHashMap<>();
        if (user != null) {
            h.put("X-ClickHouse-User", user);
        }
        if (password != null) {
            h.put("X-ClickHouse-Key", password);
        }
        this.headers = Map.copyOf(h);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The headers that carry the credentials (for a poster of the same server). */
    public Map<String, String> credentialHeaders() {
        return headers;
    }

    /**
     * Runs one statement; its answer's body.
     *
     * @throws IOException when the server cannot be reached or answers an error (ClickHouse's message)
     */
    public String execute(String sql) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .setHeader("Content-Type", "text/plain; charset=utf-8");
        headers.forEach(b::setHeader);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("cannot reach ClickHouse at " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        if (r.statusCode() != 200) {
            String body = r.body().strip();
            int cut = body.indexOf(", e.what()");
            throw new IOException("ClickHouse at " + url + " answered HTTP " + r.statusCode() + ": "
                    + (cut > 0 ? body.substring(0, cut) : body.length() > 400 ? body.substring(0, 400) + "..." : body));
        }
        return r.body();
    }

    public String version() throws IOException {
        return execute("SELECT version()").strip();
    }

    public URI url() {
        return url;
    }
}
