package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.RecordColumns;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.store.SqliteSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Upserts each batch into a local SQLite file in one transaction (WAL journal): one row per record,
 * {@code record_id} the key. At-least-once like the other sinks: a batch committed but not yet
 * acknowledged when the process dies is sent again, and the upsert leaves each record once. The file
 * and table are made on the first batch; while the file cannot be opened, batches wait in the queue.
 */
public final class SqliteSink implements Sink {

    private final SinkConfig.Sqlite config;
    private Connection connection;
    private PreparedStatement upsert;

    public SqliteSink(SinkConfig.Sqlite config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        try {
            if (connection == null) {
                open();
            }
            for (TelemetryRecord r : batch) {
                int i = 1;
                for (RecordColumns.Column c : RecordColumns.ALL) {
                    upsert.setObject(i++, SqliteSchema.bindable(c.stored(r)));
                }
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
            return Delivery.ACCEPTED;
        } catch (SQLException | IOException | RuntimeException e) {
            rollbackAndClose();
            return Delivery.retry("SQLite " + config.path() + ": " + e.getMessage());
        }
    }

    private void open() throws SQLException, IOException {
        if (config.path().toAbsolutePath().getParent() != null) {
            Files.createDirectories(config.path().toAbsolutePath().getParent());
        }
        connection = SqliteSchema.open(config.path(), false);
        try (Statement s = connection.createStatement()) {
            s.execute(SqliteSchema.createTable());
            s.execute("CREATE INDEX IF NOT EXISTS records_ts ON " + SqliteSchema.TABLE + " (ts_us)");
        }
        connection.setAutoCommit(false);
        upsert = connection.prepareStatement(SqliteSchema.upsert());
    }

    private void rollbackAndClose() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // closing below
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // reopened on the next batch
            }
            connection = null;
            upsert = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            } finally {
                connection = null;
            }
        }
    }
}
