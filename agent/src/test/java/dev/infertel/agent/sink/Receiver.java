package dev.infertel.agent.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** A loopback HTTP server that keeps every request and answers what the test says. */
final class Receiver implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, byte[] body, long atNanos) {
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        Answer(int status, Map<String, String> headers) {
            this(status, headers, new byte[0]);
        }

        static Answer status(int status) {
            return new Answer(status, Map.of());
        }

        static Answer body(int status, String contentType, byte[] body) {
            return new Answer(status, Map.of("Content-Type", contentType), body);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Request, Answer> answer = r -> Answer.status(200);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    void answer(Function<Request, Answer> answer) {
        this.answer = answer;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream z = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                raw = z.readAllBytes();
            }
        }
        Request r = new Request(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), raw, System.nanoTime());
        requests.add(r);
        Answer a = answer.apply(r);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
            ex.getResponseBody().write(a.body());
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
