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
        startAsDaemon(server);
        return new PrometheusEndpoint(server, executor);
    }

    /**
     * The JDK server's dispatcher thread takes its daemon flag from the thread that starts it: started
     * from the application's main thread it would keep the JVM from exiting when the application ends.
     */
    private static void startAsDaemon(HttpServer server) throws IOException {
        Throwable[] failure = new Throwable[1];
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "telemetry-metrics-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the metrics endpoint", e);
        }
        if (failure[0] != null) {
            server.stop(0);
            throw new IOException("cannot start the metrics endpoint: " + failure[0], failure[0]);
        }
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
