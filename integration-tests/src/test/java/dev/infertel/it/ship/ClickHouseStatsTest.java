package dev.infertel.it.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infertel.agent.cli.Cli;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordJsonEncoder;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.ClickHouseSink;
import dev.infertel.agent.sink.Delivery;
import dev.infertel.agent.store.ClickHouseSchema;
import dev.infertel.bench.stats.SyntheticRecords;
import dev.infertel.it.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ClickHouse route with a real {@code clickhouse-server}: records shipped by the clickhouse sink,
 * re-sent batches included, give {@code stats --clickhouse} the very figures that {@code stats} gives
 * over the JSONL of the same records. Background merges of the table are stopped, so every re-sent
 * row is still in the table when stats runs: only {@code FINAL} keeps it from being counted twice.
 */
class ClickHouseStatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ClickHouseServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ClickHouseServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        try {
            // the 18.16 server once spun a core while idle: report what it uses here (not asserted)
            double before = server.cpuSeconds();
            Thread.sleep(2000);
            System.out.printf("clickhouse-server idle: %.0f %% of a core over 2 s%n",
                    (server.cpuSeconds() - before) / 2 * 100);
        } finally {
            server.close();
        }
    }

    private static void createTable(String database) throws Exception {
        server.query(ClickHouseSchema.createDatabase(database));
        server.query(ClickHouseSchema.createTable(database, ClickHouseSchema.DEFAULT_TABLE, null, false));
        server.query("SYSTEM STOP MERGES " + database + "." + ClickHouseSchema.DEFAULT_TABLE);
    }

    @Test
    void killedAndRestartedAppShipsEachRecordOnceAsTheMatrixSeesIt() throws Exception {
        Path dir = ShipRig.newDir("clickhouse-kill9");
        createTable("app");
        try (ClickHouseProxy proxy = new ClickHouseProxy(server.url())) {
            // few, large parts: with merges stopped, FINAL reads every part's columns at once (a 1 MB buffer
            // each), and 18.16 refused 2 GB for ~50 parts of 100 rows
            proxy.holdInsert(3);
            String sinks = String.join("\n",
                    "  - type: clickhouse",
                    "    name: warehouse",
                    "    url: " + proxy.url(),
                    "    database: app",
                    "    user: ${env:CH_USER}",
                    "    password: ${env:CH_PASSWORD}",
                    "    read_timeout_ms: 30000",
                    "    max_records: 1000",
                    "    max_wait_ms: 300",
                    "  - type: jsonl",
                    "    name: files",
                    "    path: '" + dir.resolve("records.jsonl") + "'");
            Path config = ShipRig.config(dir, "", sinks, "");
            Process app = ShipRig.steadyApp(config, "pace_us=500", "seconds=0").env("CH_USER", ClickHouseServer.USER)
                    .env("CH_PASSWORD", ClickHouseServer.PASSWORD).start(dir, "app-killed");
            try {
                assertTrue(proxy.awaitHeld(Duration.ofSeconds(60)), "the third batch reached ClickHouse");
            } finally {
                app.destroyForcibly(); // SIGKILL with the batch stored but its answer not received
                assertTrue(app.waitFor(10, TimeUnit.SECONDS));
                proxy.release();
            }
            List<String> heldBatch = proxy.inserts.get(2).ids();
            ChildJvm.Result again = ShipRig.steadyApp(config, "pace_us=1000", "seconds=1", "model=second-model")
                    .env("CH_USER", ClickHouseServer.USER).env("CH_PASSWORD", ClickHouseServer.PASSWORD)
                    .run(dir, "app-restarted");
            assertEquals(0, again.exitCode(), again::describe);

            Set<String> written = new HashSet<>(ShipRig.ids(ShipRig.queueRecords(dir, "tail-end")));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.count("SELECT count() FROM app.records FINAL")
                    == written.size());
            long resent = proxy.inserts.stream().skip(3).filter(i -> i.ids().containsAll(heldBatch)).count();
            assertTrue(resent >= 1, "the batch whose answer was lost was sent again after the restart");
            long rows = server.count("SELECT count() FROM app.records");
            assertTrue(rows >= written.size() + heldBatch.size(), "the re-sent rows are in the table: " + rows + " rows, "
                    + written.size() + " records");
            for (String log : List.of("app-killed.err", "app-restarted.err")) {
                assertFalse(Files.readString(dir.resolve(log)).contains(ClickHouseServer.PASSWORD), log);
            }

            for (List<String> options : List.of(List.<String>of(), List.of("--by", "model,tenant,exit"))) {
                List<String> ch = new ArrayList<>(List.of("stats", "--clickhouse", server.url(), "--database", "app"));
                ch.addAll(options);
                List<String> files = new ArrayList<>(List.of("stats", dir.resolve("records.jsonl").toString()));
                files.addAll(options);
                ChildJvm.Result fromServer = cli(dir, "stats-clickhouse", ch, "--json");
                JsonNode server = JSON.readTree(fromServer.stdout());
                JsonNode fromFiles = JSON.readTree(cli(dir, "stats-files", files, "--json").stdout());
                assertEquals(fromFiles.get("groups"), server.get("groups"), "figure by figure, " + options);
                assertEquals(written.size(), server.get("read").asLong(), "each record once");
                assertEquals(written.size(), fromFiles.get("read").asLong());
                assertEquals(cli(dir, "table-files", files).stdout(), cli(dir, "table-clickhouse", ch).stdout());
                assertFalse(fromServer.stderr().contains(ClickHouseServer.PASSWORD));
            }
            System.out.printf("kill -9 with a batch of %d stored, unanswered: %d records, %d rows in ClickHouse, %d "
                    + "inserts%n", heldBatch.size(), written.size(), rows, proxy.inserts.size());
        }
    }

    /** {@code java -jar telemetry-agent.jar stats ...} with the reader's credentials in the environment. */
    private static ChildJvm.Result cli(Path dir, String name, List<String> args, String... more) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        ChildJvm.Result r = ChildJvm.current().env("CLICKHOUSE_USER", ClickHouseServer.USER)
                .env("CLICKHOUSE_PASSWORD", ClickHouseServer.PASSWORD).agentCli(all.toArray(String[]::new)).run(dir, name);
        assertEquals(0, r.exitCode(), r::describe);
        return r;
    }

    /**
     * A fleet's records (3 models x 2 GPUs x 4 exits, GPU energy, costs, two currencies in one group)
     * shipped by the sink, one batch twice, against the same records as JSONL: every option of the
     * matrix, figure by figure.
     */
    @Test
    void fleetMatrixInClickHouseEqualsTheFileReaderForEveryOption() throws Exception {
        Path dir = ShipRig.newDir("clickhouse-fleet");
        createTable("fleet");
        int n = 24_000;
        List<TelemetryRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TelemetryRecord r = SyntheticRecords.record(i);
            // some calls of one model priced in euros: that group's cost is "mixed"
            records.add(i % 97 == 3 && r.modelRef().equals("mixtral-8x7b") ? r.withCosts(0.002, null, "EUR") : r);
        }
        SinkConfig.ClickHouse sinkConfig = new SinkConfig.ClickHouse("warehouse", URI.create(server.url()), "fleet",
                "records", ClickHouseServer.USER, ClickHouseServer.PASSWORD, null,
                new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(5), Duration.ofSeconds(60)),
                SinkConfig.ClickHouse.DEFAULT_BATCHING);
        try (ClickHouseSink sink = new ClickHouseSink(sinkConfig, System::getenv)) {
            for (int from = 0; from < n; from += 4000) {
                List<TelemetryRecord> batch = records.subList(from, Math.min(n, from + 4000));
                assertEquals(Delivery.Kind.ACCEPTED, sink.deliver(batch).kind());
                if (from == 8000) {
                    assertEquals(Delivery.Kind.ACCEPTED, sink.deliver(batch).kind(), "the same batch again");
                }
            }
        }
        assertEquals(n + 4000, server.count("SELECT count() FROM fleet.records"));
        Path jsonl = dir.resolve("records.jsonl");
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes line = new JsonBytes(4096);
        try (OutputStream out = Files.newOutputStream(jsonl)) {
            for (TelemetryRecord r : records) {
                line.reset();
                encoder.write(r, line);
                line.raw((byte) '\n');
                out.write(line.array(), 0, line.size());
            }
        }
        Path config = Files.writeString(dir.resolve("prices.yaml"), String.join("\n",
                "pricing:",
                "  llama-3.1-8b: {input_per_million: 0.15, output_per_million: 0.6}",
                "  llama-3.1-70b: {input_per_million: 0.59, output_per_million: 0.79}",
                "costs: {energy_price_per_kwh: 0.13, currency: USD}",
                "models:",
                "  llama-3.1-8b: {params_b: 8}",
                "  llama-3.1-70b: {params_b: 70.6}",
                "  mixtral-8x7b: {params_b: 46.7, active_params_b: 12.9, bytes_per_param: 2}",
                ""));
        long start = SyntheticRecords.T0;
        List<List<String>> optionSets = List.of(
                List.of(),
                List.of("--config", config.toString()),
                List.of("--by", "gpu,exit", "--exact"),
                List.of("--by", "model,site", "--exclude-warmup", "25"),
                List.of("--by", "model,gpu", "--steady-state", "--window", "4", "--cv", "0.6", "--config",
                        config.toString()),
                List.of("--by", "tenant,engine", "--since", iso(start + 2_000_000), "--until", iso(start + 9_000_000)));
        int mixed = 0;
        for (List<String> options : optionSets) {
            List<String> ch = new ArrayList<>(List.of("stats", "--clickhouse", server.url(), "--database", "fleet"));
            ch.addAll(options);
            List<String> files = new ArrayList<>(List.of("stats", jsonl.toString()));
            files.addAll(options);
            JsonNode fromServer = JSON.readTree(run(ch, "--json"));
            JsonNode fromFiles = JSON.readTree(run(files, "--json"));
            assertTrue(fromFiles.get("groups").size() > 0, options.toString());
            assertEquals(fromFiles.get("groups"), fromServer.get("groups"), "figure by figure, " + options);
            assertEquals(fromFiles.get("read"), fromServer.get("read"), options.toString());
            assertEquals(fromFiles.get("out_of_range"), fromServer.get("out_of_range"), options.toString());
            assertEquals(n, fromServer.get("read").asLong(), "the re-sent batch is not counted");
            assertEquals(run(files, "--csv"), run(ch, "--csv"), options.toString());
            for (JsonNode g : fromServer.get("groups")) {
                mixed += "mixed".equals(g.path("currency").asText()) ? 1 : 0;
            }
        }
        assertTrue(mixed > 0, "a group of two currencies was compared");
    }

    private static String iso(long micros) {
        return java.time.Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000).toString();
    }

    /** The agent's command line in this JVM (its classes are on the test class path). */
    private static String run(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, all + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
