package dev.infertel.agent.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** SQLite files the sqlite sink writes, as inputs. */
final class SqlSources {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqlSources() {
    }

    static boolean isSqliteName(String name) {
        return name.endsWith(".db") || name.endsWith(".sqlite") || name.endsWith(".sqlite3");
    }

    /** By the file's first 16 bytes, whatever its name. */
    static boolean isSqliteFile(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
        }
    }

    static RecordSource sqlite(Path p) {
        return new RecordSource() {
            @Override
            public void read(Sink sink, Problems problems) throws IOException {
                readSqlite(p, sink, problems);
            }

            @Override
            public String describe() {
                return "SQLite " + p;
            }
        };
    }

    private static final String[] COLUMNS = {"record_id", "ts_us", "site", "engine", "model_ref", "tenant_id", "exit",
        "first_token_ms", "e2e_ms", "tokens_in", "tokens_out", "gpu_name", "gpu_count", "vram_used_mb_peak",
        "power_w_mean", "energy_j", "itl_buckets", "itl_counts", "cost", "energy_cost", "currency"};

    /** The sqlite sink's table, read into the same fields as the JSONL and queue readers fill. */
    private static void readSqlite(Path p, RecordSource.Sink sink, Problems problems) throws IOException {
        dev.infertel.agent.record.FlatRecord r = new dev.infertel.agent.record.FlatRecord();
        try (java.sql.Connection c = dev.infertel.agent.store.SqliteSchema.open(p, true);
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT " + String.join(", ", COLUMNS) + " FROM "
                     + dev.infertel.agent.store.SqliteSchema.TABLE)) {
            while (rs.next()) {
                try {
                    r.clear();
                    String id = rs.getString(1);
                    int dash = id.indexOf('-');
                    r.idProcess = Long.parseUnsignedLong(id.substring(0, dash), 16);
                    r.idSequence = Long.parseLong(id.substring(dash + 1), 16);
                    r.startEpochMicros = rs.getLong(2);
                    r.site = rs.getString(3);
                    r.engine = rs.getString(4);
                    r.modelRef = rs.getString(5);
                    r.tenantId = rs.getString(6);
                    r.exit = dev.infertel.agent.record.Exit.parse(rs.getString(7));
                    r.firstTokenMs = real(rs, 8);
                    r.e2eMs = rs.getDouble(9);
                    r.tokensIn = integer(rs, 10);
                    r.tokensOut = integer(rs, 11);
                    r.gpuName = rs.getString(12);
                    long count = integer(rs, 13);
                    r.gpu = rs.getObject(13) != null;
                    r.gpuCount = (int) count;
                    r.vramUsedMbPeak = real(rs, 14);
                    r.powerWMean = real(rs, 15);
                    r.energyJ = real(rs, 16);
                    int[] buckets = ints(rs.getString(17));
                    int[] counts = ints(rs.getString(18));
                    for (int i = 0; i < Math.min(buckets.length, counts.length); i++) {
                        r.addBucket(buckets[i], counts[i]);
                    }
                    r.cost = real(rs, 19);
                    r.energyCost = real(rs, 20);
                    r.currency = rs.getString(21);
                } catch (RuntimeException e) {
                    problems.skipped(p + ": unreadable row (" + e.getMessage() + ")");
                    continue;
                }
                sink.accept(r);
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot read SQLite file " + p + ": " + e.getMessage(), e);
        }
    }

    private static double real(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static long integer(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? -1 : v;
    }

    /** A JSON array of whole numbers, as the sink stores the histogram. */
    private static int[] ints(String json) {
        if (json == null || json.length() <= 2) {
            return new int[0];
        }
        String[] parts = json.substring(1, json.length() - 1).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
