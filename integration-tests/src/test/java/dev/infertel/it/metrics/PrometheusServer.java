package dev.infertel.it.metrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) as a normal process on a free
 * 127.0.0.1 port, scraping one target every 500 ms, its data under the test's directory.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the test (with a message) where prometheus is not installed. */
    public static Path binary() {
        Path bin = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(bin != null, "no prometheus binary (apt-get install -y prometheus, as .ci/run does): skipped");
        return bin;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static PrometheusServer start(Path dir, List<String> targets) throws Exception {
        Path bin = binary();
        int port = freePort();
        String config = "global:\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\n"
                + "scrape_configs:\n  - job_name: agent\n    static_configs:\n      - targets: ["
                + String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()) + "]\n";
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        Process p = new ProcessBuilder(bin.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("prometheus not ready in 60 s");
    }

    /** The result vector of an instant query: each element's metric labels and value. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(promql + ": " + r.statusCode() + " " + r.body());
        }
        return body.path("data").path("result");
    }

    /** The single value of a query, NaN when it returns nothing. */
    public double scalar(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        return result.size() == 0 ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Whether the target's last scrape succeeded. */
    public String targetHealth() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/targets");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
