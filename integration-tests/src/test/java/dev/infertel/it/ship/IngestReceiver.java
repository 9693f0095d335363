package dev.infertel.it.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.infertel.it.Records;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An NDJSON ingest endpoint on 127.0.0.1 that can be down (nothing listening on its port) and up
 * again on the same port; it keeps every record it accepted and counts every request.
 */
final class IngestReceiver implements AutoCloseable {

    /** What to answer to the Nth request (from 1): a status, and how long to take before it. */
    record Answer(int status, long delayMillis, String retryAfter) {
        static final Answer OK = new Answer(200, 0, null);
    }

    final int port;
    final List<JsonNode> records = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    /** System.nanoTime() at each request's arrival, in order. */
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private volatile IntFunction<Answer> answer = n -> Answer.OK;
    private HttpServer server;

    IngestReceiver() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/ingest";
    }

    void answer(IntFunction<Answer> answer) {
        this.answer = answer;
    }

    synchronized IngestReceiver up() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server.createContext("/", this::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }
        return this;
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        arrivals.add(System.nanoTime());
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Answer a = answer.apply(requests.incrementAndGet());
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (a.status() / 100 == 2) {
            records.addAll(Records.parseLines(new String(body, StandardCharsets.UTF_8).lines().toList()));
        }
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", a.retryAfter());
        }
        ex.sendResponseHeaders(a.status(), -1);
        ex.close();
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : records) {
            ids.add(r.path("record_id").asText());
        }
        return ids;
    }

    Set<String> uniqueIds() {
        return new HashSet<>(ids());
    }

    @Override
    public void close() {
        down();
    }
}
