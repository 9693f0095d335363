package dev.infertel.agent.store;

import dev.infertel.agent.record.RecordColumns;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQLite table of records, from {@link RecordColumns} (the columns of the ClickHouse table):
 * {@code record_id} the primary key, so the sink's upsert leaves one row per record however often a
 * batch is re-sent; arrays are JSON text.
 */
public final class SqliteSchema {

    public static final String TABLE = "records";

    private SqliteSchema() {
    }

    public static String type(RecordColumns.Kind kind) {
        return switch (kind) {
            case TEXT, DATE, TEXTS, INTEGERS -> "TEXT";
            case REQUIRED_TEXT -> "TEXT NOT NULL";
            case REAL -> "REAL";
            case REQUIRED_REAL -> "REAL NOT NULL";
            case INTEGER, FLAG -> "INTEGER";
            case REQUIRED_INTEGER -> "INTEGER NOT NULL";
        };
    }

    public static String createTable() {
        List<String> cols = new ArrayList<>();
        for (RecordColumns.Column c : RecordColumns.ALL) {
            cols.add("    " + c.name() + " " + type(c.kind()) + (c.name().equals("record_id") ? " PRIMARY KEY" : ""));
        }
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " (\n" + String.join(",\n", cols) + "\n)";
    }

    /** Insert, or replace every column of the row with the same record_id. */
    public static String upsert() {
        List<String> names = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (RecordColumns.Column c : RecordColumns.ALL) {
            names.add(c.name());
            marks.add("?");
            if (!c.name().equals("record_id")) {
                sets.add(c.name() + " = excluded." + c.name());
            }
        }
        return "INSERT INTO " + TABLE + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", marks)
                + ") ON CONFLICT(record_id) DO UPDATE SET " + String.join(", ", sets);
    }

    /** A value as the JDBC driver binds it: arrays as JSON text, flags as 0/1. */
    public static Object bindable(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof int[] ints) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < ints.length; i++) {
                s.append(i > 0 ? "," : "").append(ints[i]);
            }
            return s.append(']').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                s.append(i > 0 ? "," : "").append('"')
                        .append(list.get(i).toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return s.append(']').toString();
        }
        return v;
    }

    /**
     * A connection to a SQLite file through sqlite-jdbc's data source, never {@code DriverManager}:
     * from the agent's isolated class loader, DriverManager would not find (or would find the
     * application's) driver.
     */
    public static java.sql.Connection open(java.nio.file.Path file, boolean readOnly) throws java.sql.SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(readOnly);
        if (!readOnly) {
            config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
        }
        config.setBusyTimeout(10_000);
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds.getConnection();
    }
}
