package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordColumns;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.store.ClickHouseHttp;
import dev.infertel.agent.store.ClickHouseSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Ships each batch to ClickHouse over its HTTP interface: one POST of {@code INSERT INTO db.table
 * FORMAT JSONEachRow} and a row per record ({@link RecordColumns}). The database and table are
 * created on the first batch; until they can be, batches wait in the queue like any undelivered
 * batch. At-least-once: a batch re-sent after a crash or a lost answer is a second copy of the same
 * rows, which the table's {@code ReplacingMergeTree} on {@code record_id} folds into one. Retention:
 * the table's TTL from ClickHouse 19.6; on older servers this sink drops expired day partitions
 * itself, at most once an hour.
 */
public final class ClickHouseSink implements Sink {

    private static final long RETENTION_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

    private final SinkConfig.ClickHouse config;
    private final HttpPoster poster;
    private final ClickHouseHttp admin;
    private final JsonBytes body = new JsonBytes(1 << 16);
    private final byte[] insert;
    private boolean ready;
    private boolean tableTtl;
    private long retentionAt;

    public ClickHouseSink(SinkConfig.ClickHouse config, UnaryOperator<String> env) {
        this.config = config;
        SinkConfig.HttpSettings http = config.httpWithCredentials();
        this.poster = new HttpPoster(config.name(), config.url(), "text/plain; charset=utf-8", http, env);
        java.util.Map<String, String> resolved = http.resolvedHeaders(env);
        this.admin = new ClickHouseHttp(config.url(), resolved.get("X-ClickHouse-User"), resolved.get("X-ClickHouse-Key"),
                http.readTimeout());
        this.insert = (ClickHouseSchema.insert(config.database(), config.table()) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        try {
            if (!ready) {
                prepare();
            }
            if (config.ttlDays() != null && !tableTtl && System.nanoTime() - retentionAt >= 0) {
                dropExpiredDays();
            }
        } catch (IOException e) {
            return Delivery.retry(e.getMessage());
        }
        body.reset();
        body.raw(insert);
        for (TelemetryRecord r : batch) {
            RecordColumns.writeJsonRow(r, body);
            body.raw((byte) '\n');
        }
        return poster.post(body.array(), body.size());
    }

    private void prepare() throws IOException {
        tableTtl = ClickHouseSchema.hasTableTtl(admin.version());
        admin.execute(ClickHouseSchema.createDatabase(config.database()));
        admin.execute(ClickHouseSchema.createTable(config.database(), config.table(), config.ttlDays(), tableTtl));
        ready = true;
        retentionAt = System.nanoTime();
    }

    /** Before table TTL (ClickHouse 19.6): drops the day partitions older than ttl_days. */
    private void dropExpiredDays() throws IOException {
        retentionAt = System.nanoTime() + RETENTION_EVERY_NANOS;
        String oldestKept = LocalDate.now(ZoneOffset.UTC).minusDays(config.ttlDays()).toString();
        for (String day : admin.execute(ClickHouseSchema.partitions(config.database(), config.table())).split("\n")) {
            String d = day.strip();
            if (!d.isEmpty() && d.compareTo(oldestKept) < 0) {
                admin.execute(ClickHouseSchema.dropPartition(config.database(), config.table(), d));
            }
        }
    }

    @Override
    public void close() {
        poster.close();
    }
}
