package dev.infertel.bench.stats;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;

/**
 * The reader benchmark's yardstick: DuckDB (its JDBC driver on the class path) computing the
 * model x engine x GPU group-by of {@code stats} over the same JSONL file: calls by exit, token sums,
 * TTFT / TPOT / E2E percentiles (nearest rank: quantile_disc), tokens/s, energy, J/token, duration-
 * weighted power, VRAM peak, cost. Not the ITL histogram merge and no de-duplication by record_id
 * (an analyst's query would not have them; both would cost DuckDB more).
 * {@code java -cp ... DuckDbGroupBy FILE.jsonl}: prints the groups and the seconds the query took.
 */
public final class DuckDbGroupBy {

    static final String QUERY = String.join("\n",
            "WITH r AS (SELECT * FROM read_ndjson(?, columns = {record_id: 'VARCHAR', ts: 'VARCHAR', model_ref: 'VARCHAR',",
            "    engine: 'VARCHAR', gpu_name: 'VARCHAR', gpu_count: 'INTEGER', exit: 'VARCHAR', first_token_ms: 'DOUBLE',",
            "    e2e_ms: 'DOUBLE', tokens_in: 'BIGINT', tokens_out: 'BIGINT', energy_j: 'DOUBLE', power_w_mean: 'DOUBLE',",
            "    vram_used_mb_peak: 'DOUBLE', cost: 'DOUBLE'}))",
            "SELECT coalesce(model_ref, '-') AS model, coalesce(engine, '-') AS engine,",
            "    CASE WHEN gpu_count IS NULL THEN '-' WHEN gpu_count > 1 THEN gpu_count || 'x ' || coalesce(gpu_name, 'unknown GPU')",
            "         ELSE coalesce(gpu_name, 'unknown GPU') END AS gpu,",
            "    count(*) AS calls, count_if(exit = 'ok') AS ok, count_if(exit = 'error') AS errors,",
            "    count_if(exit = 'cancel') AS cancels, count_if(exit = 'reject') AS rejects,",
            "    sum(greatest(coalesce(tokens_in, 0), 0)) AS tokens_in, sum(greatest(coalesce(tokens_out, 0), 0)) AS tokens_out,",
            "    quantile_disc(first_token_ms, [0.5, 0.95, 0.99]) FILTER (WHERE exit = 'ok') AS ttft,",
            "    quantile_disc(greatest(e2e_ms - first_token_ms, 0) / (tokens_out - 1), 0.5)",
            "        FILTER (WHERE exit = 'ok' AND tokens_out >= 2) AS tpot_p50,",
            "    quantile_disc(e2e_ms, [0.5, 0.99]) FILTER (WHERE exit = 'ok') AS e2e,",
            "    sum(tokens_out) FILTER (WHERE exit = 'ok' AND e2e_ms > 0)",
            "        / sum(e2e_ms / 1000) FILTER (WHERE exit = 'ok' AND e2e_ms > 0 AND tokens_out IS NOT NULL) AS tok_s,",
            "    sum(energy_j) AS energy_j,",
            "    sum(energy_j) FILTER (WHERE exit = 'ok' AND tokens_out IS NOT NULL)",
            "        / sum(tokens_out) FILTER (WHERE exit = 'ok' AND energy_j IS NOT NULL) AS j_per_token,",
            "    sum(power_w_mean * e2e_ms) / sum(e2e_ms) FILTER (WHERE power_w_mean IS NOT NULL) AS power_w,",
            "    max(vram_used_mb_peak) AS vram_mb, sum(cost) AS cost",
            "FROM r GROUP BY ALL ORDER BY ALL");

    private DuckDbGroupBy() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); PreparedStatement s = c.prepareStatement(QUERY)) {
            s.setString(1, args[0]);
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        b.append(i > 1 ? "  " : "").append(rs.getString(i));
                    }
                    System.out.println(b);
                    rows++;
                }
            }
        }
        System.out.printf("duckdb: %d groups in %.2f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }
}
