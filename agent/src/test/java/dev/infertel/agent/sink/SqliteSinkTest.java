package dev.infertel.agent.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.infertel.agent.cli.Cli;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordJsonEncoder;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.store.SqliteSchema;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sqlite sink upserts on record_id, and stats over its file equals stats over the JSONL of the same records. */
class SqliteSinkTest {

    @TempDir
    Path dir;

    static List<TelemetryRecord> records() {
        List<TelemetryRecord> out = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            out.add(dev.infertel.agent.cli.StatsCommandTest.rec(7, i,
                    i % 3 == 0 ? "b" : "a", i % 2 == 0 ? "NVIDIA L4" : null));
        }
        return out;
    }

    @Test
    void aResentBatchLeavesEachRecordOnce() throws Exception {
        Path db = dir.resolve("records.db");
        List<TelemetryRecord> rs = records();
        try (SqliteSink sink = new SqliteSink(new SinkConfig.Sqlite("local", db, SinkConfig.Batching.LOCAL))) {
            assertEquals(Delivery.Kind.ACCEPTED, sink.deliver(rs.subList(0, 120)).kind());
            assertEquals(Delivery.Kind.ACCEPTED, sink.deliver(rs.subList(100, 200)).kind()); // 20 re-sent
            assertEquals(Delivery.Kind.ACCEPTED, sink.deliver(rs.subList(100, 200)).kind());
        }
        try (Connection c = SqliteSchema.open(db, true); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT record_id) FROM records")) {
            r.next();
            assertEquals(200, r.getLong(1));
            assertEquals(200, r.getLong(2));
        }
    }

    @Test
    void statsOverTheSqliteFileEqualsStatsOverTheJsonl() throws Exception {
        Path db = dir.resolve("records.db");
        Path jsonl = dir.resolve("records.jsonl");
        List<TelemetryRecord> rs = records();
        try (SqliteSink sink = new SqliteSink(new SinkConfig.Sqlite("local", db, SinkConfig.Batching.LOCAL))) {
            assertEquals(Delivery.Kind.ACCEPTED, sink.deliver(rs).kind());
        }
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes b = new JsonBytes(4096);
        try (OutputStream out = Files.newOutputStream(jsonl)) {
            for (TelemetryRecord r : rs) {
                b.reset();
                encoder.write(r, b);
                b.raw((byte) '\n');
                out.write(b.array(), 0, b.size());
            }
        }
        String fromSqlite = run("stats", db.toString(), "--csv", "--by", "model,gpu");
        String fromJsonl = run("stats", jsonl.toString(), "--csv", "--by", "model,gpu");
        assertEquals(fromJsonl, fromSqlite);
        assertEquals(5, fromSqlite.lines().count(), fromSqlite); // header + a, b with and without a GPU
    }

    static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
