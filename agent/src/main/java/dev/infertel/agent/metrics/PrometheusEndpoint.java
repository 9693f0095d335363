package dev.infertel.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** GET /metrics on the configured host and port, served by one daemon thread {@code telemetry-metrics}. */
public final class PrometheusEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds now: a port in use fails here, with the address in the message. */
    public static PrometheusEndpoint start(String host, int port, CallMetrics calls, AgentHealth health)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "telemetry-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serve(exchange, calls, health));
        server.start();
        return new PrometheusEndpoint(server, executor);
    }

    private static void serve(HttpExchange exchange, CallMetrics calls, AgentHealth health) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            boolean open = PrometheusFormat.wantsOpenMetrics(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body;
            try {
                body = PrometheusFormat.write(calls, health, open, System.currentTimeMillis())
                        .getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                byte[] msg = ("metrics failed: " + e + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, msg.length);
                exchange.getResponseBody().write(msg);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type",
                    open ? PrometheusFormat.OPENMETRICS_TYPE : PrometheusFormat.TEXT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
