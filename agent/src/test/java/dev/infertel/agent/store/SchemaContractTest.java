package dev.infertel.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.contracts.Contracts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The tables in contracts/ are the ones the sinks create (both come from RecordColumns). */
class SchemaContractTest {

    static String contract(String resource) throws Exception {
        try (InputStream in = Contracts.open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void same(String resource, String generated) throws Exception {
        Path out = Path.of("target", "generated-contracts", resource);
        Files.createDirectories(out.getParent());
        Files.writeString(out, generated + ";\n");
        assertEquals(generated + ";\n", contract(resource), "regenerate from " + out.toAbsolutePath());
    }

    @Test
    void clickhouseTableIsTheContract() throws Exception {
        same("contracts/clickhouse/telemetry_records.sql",
                ClickHouseSchema.createTable(ClickHouseSchema.DEFAULT_DATABASE, ClickHouseSchema.DEFAULT_TABLE, 90, true));
    }

    @Test
    void sqliteTableIsTheContract() throws Exception {
        same("contracts/sqlite/telemetry_records.sql", SqliteSchema.createTable());
    }

    /** ClickHouse 18.16 reads 9.46E-4 one ulp off about one time in six, 0.000946 far more rarely. */
    @Test
    void rowsCarryCostsAsPlainDecimals() {
        dev.infertel.agent.record.TelemetryRecord r = dev.infertel.agent.cli.StatsCommandTest.rec(1, 1, "m", null)
                .withCosts(9.46E-4, 1.5E-7, "USD");
        dev.infertel.agent.record.JsonBytes out = new dev.infertel.agent.record.JsonBytes(4096);
        dev.infertel.agent.record.RecordColumns.writeJsonRow(r, out);
        String row = new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
        assertTrue(row.contains("\"cost\":0.000946,"), row);
        assertTrue(row.contains("\"energy_cost\":0.00000015,"), row);
    }

    @Test
    void tableTtlOnlyFromClickHouse19dot6() {
        assertFalse(ClickHouseSchema.hasTableTtl("18.16.1"));
        assertFalse(ClickHouseSchema.hasTableTtl("19.5.3.8"));
        assertTrue(ClickHouseSchema.hasTableTtl("19.6.2.11"));
        assertTrue(ClickHouseSchema.hasTableTtl("24.8.1"));
        assertFalse(ClickHouseSchema.createTable("t", "r", 30, false).contains("TTL"));
        assertTrue(ClickHouseSchema.createTable("t", "r", 30, true).contains("TTL day + toIntervalDay(30)"));
    }
}
