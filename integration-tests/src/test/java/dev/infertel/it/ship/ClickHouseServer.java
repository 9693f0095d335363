package dev.infertel.it.ship;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code clickhouse-server} (Debian's package: 18.16 on bookworm, installed by {@code .ci/run})
 * run as a plain child process on free 127.0.0.1 ports, with a config generated in {@code target/}:
 * the default user without a password and {@code telemetry} with one. The server of 18.16 does not
 * always stop on SIGTERM, and one left behind spun a core for hours: {@link #close} sends SIGTERM,
 * then SIGKILL after a couple of seconds, and waits for the process to be gone; a shutdown hook does
 * the same if the test JVM ends first.
 */
final class ClickHouseServer implements AutoCloseable {

    static final String USER = "telemetry";
    static final String PASSWORD = "ch-s3cret-pw";
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/clickhouse-server"),
            Path.of("/usr/sbin/clickhouse-server"));

    private final Process process;
    private final Thread reaper;
    final Path dir;
    final int httpPort;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClickHouseServer(Process process, Path dir, int httpPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.reaper = new Thread(() -> stop(process), "clickhouse-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a server and waits until it answers; skips the test (saying why) where none is installed. */
    static ClickHouseServer start() throws Exception {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(binary != null, "no clickhouse-server installed (apt-get install clickhouse-server; .ci/run does it "
                + "as root): the ClickHouse tests are skipped");
        Path dir = ShipRig.newDir("clickhouse");
        int http = freePort();
        int tcp = freePort();
        for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "log")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.writeString(dir.resolve("config.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<yandex>",
                "    <logger><level>warning</level><log>" + dir.resolve("log/server.log") + "</log>"
                        + "<errorlog>" + dir.resolve("log/error.log") + "</errorlog><console>0</console></logger>",
                "    <http_port>" + http + "</http_port>",
                "    <tcp_port>" + tcp + "</tcp_port>",
                "    <listen_host>127.0.0.1</listen_host>",
                "    <path>" + dir.resolve("data") + "/</path>",
                "    <tmp_path>" + dir.resolve("tmp") + "/</tmp_path>",
                "    <user_files_path>" + dir.resolve("user_files") + "/</user_files_path>",
                "    <format_schema_path>" + dir.resolve("format_schemas") + "/</format_schema_path>",
                "    <users_config>users.xml</users_config>",
                "    <default_profile>default</default_profile>",
                "    <default_database>default</default_database>",
                "    <mark_cache_size>5368709</mark_cache_size>",
                "    <uncompressed_cache_size>8589934</uncompressed_cache_size>",
                "</yandex>", ""));
        Files.writeString(dir.resolve("users.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<yandex>",
                "    <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads>"
                        + "</default></profiles>",
                "    <users>",
                "        <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile>"
                        + "<quota>default</quota></default>",
                "        <" + USER + "><password>" + PASSWORD + "</password><networks><ip>127.0.0.1</ip></networks>"
                        + "<profile>default</profile><quota>default</quota></" + USER + ">",
                "    </users>",
                "    <quotas><default></default></quotas>",
                "</yandex>", ""));
        Process p = new ProcessBuilder(binary.toString(), "--config-file=" + dir.resolve("config.xml"))
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        ClickHouseServer server = new ClickHouseServer(p, dir, http);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (server.query("SELECT 1").strip().equals("1")) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = p.isAlive() ? "did not answer within 60 s" : "exited with " + p.exitValue();
                server.close();
                throw new IllegalStateException("clickhouse-server " + why + ": " + Files.readString(dir.resolve("stderr.log"))
                        + (Files.exists(dir.resolve("log/error.log")) ? Files.readString(dir.resolve("log/error.log")) : ""));
            }
            Thread.sleep(100);
        }
    }

    String url() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** Runs a statement as the default user; its answer. */
    String query(String sql) throws IOException {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + r.statusCode() + " to " + sql + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    long count(String sql) throws IOException {
        return Long.parseLong(query(sql).strip());
    }

    /** CPU seconds the server has used so far (user + system), from /proc. */
    double cpuSeconds() throws IOException {
        String[] f = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running anyway
        }
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy(); // SIGTERM
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly(); // SIGKILL: 18.16 may ignore SIGTERM
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
