package dev.infertel.agent.store;

import dev.infertel.agent.record.RecordColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ClickHouse table of records, from {@link RecordColumns}: a {@code ReplacingMergeTree} ordered
 * by {@code record_id}, so a re-sent batch (at-least-once delivery) leaves one row per record once
 * parts merge, and queries read {@code FINAL} to count each record once before that; partitioned
 * by day, so retention drops whole days. Runs on ClickHouse 18.16 (Debian bookworm's package) and
 * later: no {@code LowCardinality}, no {@code DateTime64} (the start is {@code ts_us}, microseconds
 * since the epoch, and {@code day} its UTC date), and the table {@code TTL} only from 19.6, before
 * which the sink drops expired day partitions itself.
 */
public final class ClickHouseSchema {

    public static final String DEFAULT_DATABASE = "telemetry";
    public static final String DEFAULT_TABLE = "records";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+).*");

    private ClickHouseSchema() {
    }

    /** @throws IllegalArgumentException when {@code name} is not a plain identifier */
    public static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a ClickHouse identifier (letters, digits, _)");
        }
        return name;
    }

    public static String type(RecordColumns.Kind kind) {
        return switch (kind) {
            case TEXT -> "Nullable(String)";
            case REQUIRED_TEXT -> "String";
            case REAL -> "Nullable(Float64)";
            case REQUIRED_REAL -> "Float64";
            case INTEGER -> "Nullable(Int64)";
            case REQUIRED_INTEGER -> "Int64";
            case FLAG -> "Nullable(UInt8)";
            case DATE -> "Date";
            case TEXTS -> "Array(String)";
            case INTEGERS -> "Array(UInt32)";
        };
    }

    public static String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS " + identifier(database);
    }

    /**
     * @param ttlDays days a record is kept, or null for ever
     * @param tableTtl whether the server has table TTL (19.6 and later)
     */
    public static String createTable(String database, String table, Integer ttlDays, boolean tableTtl) {
        StringBuilder b = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(identifier(database)).append('.')
                .append(identifier(table)).append("\n(\n");
        List<String> cols = new ArrayList<>();
        for (RecordColumns.Column c : RecordColumns.ALL) {
            cols.add("    " + c.name() + " " + type(c.kind()));
        }
        b.append(String.join(",\n", cols)).append("\n)\nENGINE = ReplacingMergeTree()\nPARTITION BY day\nORDER BY record_id");
        if (ttlDays != null && tableTtl) {
            b.append("\nTTL day + toIntervalDay(").append(ttlDays).append(')');
        }
        return b.toString();
    }

    /** The statement the sink posts before a batch's rows. */
    public static String insert(String database, String table) {
        return "INSERT INTO " + identifier(database) + "." + identifier(table) + " FORMAT JSONEachRow";
    }

    /** Whether a server of {@code version} (as {@code SELECT version()} gives it) has table TTL. */
    public static boolean hasTableTtl(String version) {
        Matcher m = VERSION.matcher(version.trim());
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 19 || (major == 19 && minor >= 6);
    }

    /** The day partitions of the table, as {@code 'YYYY-MM-DD'}. */
    public static String partitions(String database, String table) {
        return "SELECT DISTINCT partition FROM system.parts WHERE database = '" + identifier(database)
                + "' AND table = '" + identifier(table) + "' AND active ORDER BY partition FORMAT TabSeparated";
    }

    public static String dropPartition(String database, String table, String day) {
        if (!day.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new IllegalArgumentException("not a day partition: " + day);
        }
        return "ALTER TABLE " + identifier(database) + "." + identifier(table) + " DROP PARTITION '" + day + "'";
    }
}
