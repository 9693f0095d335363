package dev.infertel.it.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.ChildJvm;
import dev.infertel.it.Records;
import dev.infertel.it.app.SqliteApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sqlite sink in a real application JVM: killed with SIGKILL mid-shipping, and beside the app's own sqlite-jdbc. */
class SqliteSinkRestartTest {

    private static final String APP_SQLITE = "3.46.1.0";

    private static String sinks(Path dir) {
        return String.join("\n",
                "  - type: sqlite",
                "    name: local-sql",
                "    path: '" + dir.resolve("records.db") + "'",
                "    max_records: 20",
                "    max_wait_ms: 5",
                "  - type: jsonl",
                "    name: files",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                "    max_records: 20");
    }

    /** Record ids in the sink's table, each row once (the test reads the file with its own sqlite-jdbc). */
    private static List<String> rowIds(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT record_id FROM records")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    @Test
    void killDashNineAndRestartLeaveEachRecordOnceAndStatsEqualsTheJsonl() throws Exception {
        Path dir = ShipRig.newDir("sqlite-kill9");
        Path config = ShipRig.config(dir, "", sinks(dir), "");
        Process app = ShipRig.steadyApp(config, "pace_us=300", "seconds=0").start(dir, "app-killed");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                    Files.exists(dir.resolve("records.db")) && rowIds(dir.resolve("records.db")).size() >= 2_000);
        } finally {
            app.destroyForcibly(); // SIGKILL while batches are being committed
            assertTrue(app.waitFor(10, TimeUnit.SECONDS));
        }
        int atKill = rowIds(dir.resolve("records.db")).size();
        ChildJvm.Result again = ShipRig.steadyApp(config, "pace_us=1000", "seconds=1", "model=after-restart")
                .run(dir, "app-restarted");
        assertEquals(0, again.exitCode(), again::describe);

        Set<String> written = new HashSet<>(ShipRig.ids(ShipRig.queueRecords(dir, "tail-end")));
        List<String> rows = rowIds(dir.resolve("records.db"));
        assertEquals(rows.size(), new HashSet<>(rows).size(), "each record is one row");
        assertEquals(written, new HashSet<>(rows), "every record written is in the SQLite file");
        List<JsonNode> lines = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(written, new HashSet<>(ShipRig.ids(lines)));

        for (List<String> by : List.of(List.of("--by", "model,tenant,exit"), List.of("--exclude-warmup", "10"))) {
            String fromSql = stats(dir, "stats-sqlite", dir.resolve("records.db"), by);
            String fromJsonl = stats(dir, "stats-jsonl", dir.resolve("records.jsonl"), by);
            JsonNode sql = Records.JSON.readTree(fromSql);
            JsonNode jsonl = Records.JSON.readTree(fromJsonl);
            assertEquals(jsonl.get("groups"), sql.get("groups"), "figure by figure, " + by);
            assertEquals(written.size(), sql.get("read").asLong());
            assertEquals(0, sql.get("duplicates").asLong(), "the upsert left no copy to fold");
        }
        System.out.printf("sqlite kill -9: %d rows at the kill, %d records in all, %d JSONL lines (%d sent twice)%n",
                atKill, written.size(), lines.size(), lines.size() - written.size());
    }

    private static String stats(Path dir, String name, Path input, List<String> options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("stats", input.toString(), "--json"));
        args.addAll(options);
        ChildJvm.Result r = ChildJvm.current().agentCli(args.toArray(String[]::new)).run(dir, name);
        assertEquals(0, r.exitCode(), r::describe);
        return r.stdout();
    }

    @Test
    void theSinkWorksBesideTheAppsOwnOlderSqliteJdbc() throws Exception {
        Path libs = Path.of(System.getProperty("app.libs", "target/app-libs"));
        Path driver = libs.resolve("sqlite-jdbc-" + APP_SQLITE + ".jar");
        Path slf4j = libs.resolve("slf4j-api-1.7.36.jar"); // sqlite-jdbc's one dependency
        assumeTrue(Files.isRegularFile(driver) && Files.isRegularFile(slf4j),
                "no " + driver + ": it is copied by mvn generate-test-resources");
        Path dir = ShipRig.newDir("sqlite-isolation");
        Path config = ShipRig.config(dir, "", sinks(dir), "");
        ChildJvm.Result run = ChildJvm.current().withAgent(config)
                .app(SqliteApp.class, List.of(driver, slf4j), dir.resolve("app.db").toString(), APP_SQLITE, "50")
                .run(dir, "app");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("all good\n", run.stdout(), run::describe);
        assertEquals(50, new HashSet<>(rowIds(dir.resolve("records.db"))).size(), run::describe);
        assertTrue(run.agentLines().stream().noneMatch(l -> l.contains("local-sql") && l.contains("retry")),
                run::describe);
        JsonNode stats = Records.JSON.readTree(stats(dir, "stats", dir.resolve("records.db"), List.of("--by", "model")));
        assertEquals("sqlite-model", stats.get("groups").get(0).get("model").asText());
        assertEquals(50, stats.get("groups").get(0).get("calls").asLong());
    }
}
