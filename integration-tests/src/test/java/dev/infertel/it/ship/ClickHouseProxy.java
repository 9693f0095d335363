package dev.infertel.it.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Between the clickhouse sink and the server: passes every request on and, once asked, holds the
 * answer to the n-th INSERT after the server has done it, so that the application can be killed
 * with a batch stored but not known to be: the batch that at-least-once delivery sends again.
 */
final class ClickHouseProxy implements AutoCloseable {

    private static final Pattern RECORD_ID = Pattern.compile("\"record_id\":\"([0-9a-f-]+)\"");

    /** One INSERT as the server answered it. */
    record Insert(List<String> ids, int status) {
    }

    private final HttpServer http;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<Insert> inserts = Collections.synchronizedList(new ArrayList<>());
    private volatile int holdInsert = -1;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    ClickHouseProxy(String target) throws IOException {
        this.target = URI.create(target);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "clickhouse-proxy");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", this::pass);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    /** Holds the answer to the n-th INSERT (1-based) until {@link #release()}. */
    void holdInsert(int n) {
        holdInsert = n;
    }

    /** Waits until an INSERT is held; false after the timeout. */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void release() {
        release.countDown();
    }

    private void pass(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString().substring(1)))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (name.toLowerCase().startsWith("x-clickhouse") || name.equalsIgnoreCase("content-type")
                        || name.equalsIgnoreCase("content-encoding")) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.startsWith("INSERT")) {
                List<String> ids = new ArrayList<>();
                Matcher m = RECORD_ID.matcher(text);
                while (m.find()) {
                    ids.add(m.group(1));
                }
                inserts.add(new Insert(ids, r.statusCode()));
                if (r.statusCode() == 200 && inserts.size() == holdInsert) {
                    held.countDown();
                    release.await(); // the client is killed meanwhile: this answer never reaches it
                }
            }
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the held client is gone: nothing to answer
        }
    }

    @Override
    public void close() {
        release();
        http.stop(0);
    }
}
