package dev.infertel.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stats --clickhouse}: where the credentials come from, and that they are never printed. */
class StatsClickHouseOptionsTest {

    static StatsOptions parse(Map<String, String> env, String... argv) throws Args.UsageException {
        String[] all = new String[argv.length + 1];
        all[0] = "stats";
        System.arraycopy(argv, 0, all, 1, argv.length);
        Args args = Args.parse(all, 1, StatsOptions.valued(StatsOptions.CLICKHOUSE_VALUED.toArray(String[]::new)),
                StatsOptions.flags("json", "csv"));
        return StatsOptions.parse(args, Instant.now(), env::get);
    }

    @Test
    void credentialsInTheUrlLeaveTheUrl() throws Exception {
        StatsOptions o = parse(Map.of(), "--clickhouse", "http://reader:s3cret@ch.example:8123/", "--database", "fleet");
        assertEquals("http://ch.example:8123/", o.clickhouse.url().toString());
        assertEquals("reader", o.clickhouse.user());
        assertEquals("s3cret", o.clickhouse.password());
        assertEquals("fleet", o.clickhouse.database());
        assertEquals("records", o.clickhouse.table());
        assertFalse(o.clickhouse.toString().contains("s3cret"));
        assertTrue(o.queues.isEmpty() && o.paths.isEmpty(), "no default queue beside ClickHouse");
    }

    @Test
    void credentialsFromTheEnvironmentAndUserFromTheOption() throws Exception {
        StatsOptions o = parse(Map.of("CLICKHOUSE_USER", "env-user", "CLICKHOUSE_PASSWORD", "env-pw"),
                "--clickhouse", "127.0.0.1:8123");
        assertEquals("http://127.0.0.1:8123/", o.clickhouse.url().toString());
        assertEquals("env-user", o.clickhouse.user());
        assertEquals("env-pw", o.clickhouse.password());
        StatsOptions named = parse(Map.of("CLICKHOUSE_USER", "env-user"), "--clickhouse", "http://h:1", "--user", "ops");
        assertEquals("ops", named.clickhouse.user());
        assertNull(named.clickhouse.password());
    }

    @Test
    void clickhouseOptionsNeedClickHouseAndNoOtherInputs() {
        assertThrows(Args.UsageException.class, () -> parse(Map.of(), "--clickhouse", "http://h:1", "records.jsonl"));
        assertThrows(Args.UsageException.class, () -> parse(Map.of(), "--database", "fleet", "records.jsonl"));
        assertThrows(Args.UsageException.class, () -> parse(Map.of(), "--clickhouse", "http://h:1", "--table", "x;y"));
        assertThrows(Args.UsageException.class, () -> parse(Map.of(), "--clickhouse", "ftp://h:1"));
    }

    @Test
    void anUnreachableServerIsOneLineWithoutThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StatsCommand.run(new String[] {"stats", "--clickhouse", "http://reader:s3cret@127.0.0.1:" + port},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, message);
        assertTrue(message.startsWith("telemetry-agent: cannot compute the matrix in ClickHouse: cannot reach ClickHouse at "
                + "http://127.0.0.1:" + port), message);
        assertFalse(message.contains("s3cret") || message.contains("reader"), message);
        assertEquals(1, message.strip().lines().count(), message);
    }
}
