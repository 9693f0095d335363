package dev.infertel.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.AcmeRun;
import dev.infertel.it.ChildJvm;
import dev.infertel.it.Records;
import dev.infertel.it.app.MetricsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a child JVM whose agent serves /metrics; what Prometheus stored is
 * compared with the records of the same run (JSONL): counts exact, sums within 0.1 %, and each exact
 * p95 in the bucket where histogram_quantile lands.
 */
class PrometheusScrapeTest {

    static final List<String> MODELS = List.of("alpha", "beta-model", "gamma-fail");
    static final int CALLS = 40;
    /** The conventions' duration bounds, as the agent uses them. */
    static final double[] SECONDS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96,
            81.92};

    static Path dir;
    static PrometheusServer prometheus;
    static Map<String, List<JsonNode>> byModel = new TreeMap<>();

    @BeforeAll
    static void scrapeARun() throws Exception {
        PrometheusServer.binary();
        dir = AcmeRun.newDir("prometheus");
        int metricsPort = PrometheusServer.freePort();
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "instrument:",
                "  - name: acme-stream",
                "    class: com.acme.llm.Client",
                "    method: stream",
                "    engine: acme",
                "    model: arg0",
                "    stream:",
                "      callback: arg2",
                "      on_chunk: [onToken]",
                "      on_complete: [onDone]",
                "      on_error: [onError]",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                "metrics:",
                "  prometheus:",
                "    port: " + metricsPort,
                ""));
        prometheus = PrometheusServer.start(dir, List.of("127.0.0.1:" + metricsPort));
        Path done = dir.resolve("done");
        Path stop = dir.resolve("stop");
        Process app = ChildJvm.current().withAgent(config).app(MetricsApp.class, List.of(), "calls=" + CALLS,
                "models=" + String.join(",", MODELS), "done=" + done, "stop=" + stop).start(dir, "app");
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(done) && app.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(done), "the app made its calls");
            // until Prometheus has scraped the final state: every model's count complete
            double total = 0;
            while (System.nanoTime() < deadline) {
                total = prometheus.scalar("sum(gen_ai_client_operation_duration_seconds_count)");
                if (total == CALLS * MODELS.size()) {
                    break;
                }
                Thread.sleep(250);
            }
            assertEquals(CALLS * MODELS.size(), total, () -> "scraped count; targets: " + targets());
        } finally {
            Files.writeString(stop, "stop\n");
            app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            ChildJvm.destroy(app);
        }
        List<JsonNode> records = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(CALLS * MODELS.size(), records.size(), "records shipped at exit");
        for (JsonNode r : records) {
            byModel.computeIfAbsent(r.path("model_ref").asText(), k -> new ArrayList<>()).add(r);
        }
        assertEquals(MODELS, new ArrayList<>(byModel.keySet()));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static String targets() {
        try {
            return prometheus.targetHealth();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void durationCountsEqualRecordCountsPerModelAndSumsAgree() throws Exception {
        assertHistogramMatches("gen_ai_client_operation_duration_seconds", r -> List.of(r.path("e2e_ms").asDouble() / 1000));
    }

    @Test
    void timeToFirstChunkMatchesTheRecords() throws Exception {
        assertHistogramMatches("gen_ai_client_operation_time_to_first_chunk_seconds",
                r -> r.path("first_token_ms").isNumber() ? List.of(r.path("first_token_ms").asDouble() / 1000) : List.of());
    }

    @Test
    void everyChunkGapIsCounted() throws Exception {
        // the record keeps each gap as its log-linear bucket's midpoint: the metric counts the same values
        assertHistogramMatches("gen_ai_client_operation_time_per_output_chunk_seconds", r -> {
            List<Double> gaps = new ArrayList<>();
            JsonNode h = r.path("itl_hist");
            for (int i = 0; i < h.path("buckets").size(); i++) {
                double mid = midpoint(h.path("buckets").get(i).asInt());
                for (int k = 0; k < h.path("counts").get(i).asInt(); k++) {
                    gaps.add(mid / 1e9);
                }
            }
            return gaps;
        });
    }

    @Test
    void callsByExitCountEveryFailure() throws Exception {
        double errors = prometheus.scalar("sum(infertel_client_calls_total{gen_ai_request_model=\"gamma-fail\","
                + "infertel_exit=\"error\",error_type=\"com.acme.llm.AcmeException\"})");
        assertEquals(byModel.get("gamma-fail").stream().filter(r -> r.path("exit").asText().equals("error")).count(),
                errors);
        assertEquals(CALLS * MODELS.size(), prometheus.scalar("max(infertel_agent_records_appended_total)"));
    }

    interface Values {
        List<Double> of(JsonNode record);
    }

    private static void assertHistogramMatches(String metric, Values values) throws Exception {
        for (String model : MODELS) {
            List<Double> all = new ArrayList<>();
            for (JsonNode r : byModel.get(model)) {
                all.addAll(values.of(r));
            }
            String sel = "{gen_ai_request_model=\"" + model + "\"}";
            assertEquals(all.size(), prometheus.scalar("sum(" + metric + "_count" + sel + ")"), model + " count");
            double sum = all.stream().mapToDouble(Double::doubleValue).sum();
            double scraped = prometheus.scalar("sum(" + metric + "_sum" + sel + ")");
            assertEquals(sum, scraped, sum * 0.001, model + " sum");
            all.sort(null);
            double p95 = all.get((int) Math.ceil(0.95 * all.size()) - 1);
            int bucket = bucketOf(p95);
            double lower = bucket == 0 ? 0 : SECONDS[bucket - 1];
            double upper = bucket == SECONDS.length ? Double.POSITIVE_INFINITY : SECONDS[bucket];
            double q = prometheus.scalar("histogram_quantile(0.95, sum by (le) (" + metric + "_bucket" + sel + "))");
            System.out.printf("%s %s: n=%d sum=%.6f scraped=%.6f p95=%.6f bucket (%s, %s] histogram_quantile=%.6f%n",
                    metric, model, all.size(), sum, scraped, p95, lower, upper, q);
            assertTrue(q >= lower && q <= upper, model + ": p95 " + p95 + " in (" + lower + ", " + upper
                    + "] but histogram_quantile gave " + q);
        }
    }

    static int bucketOf(double v) {
        int i = 0;
        while (i < SECONDS.length && v > SECONDS[i]) {
            i++;
        }
        return i;
    }

    /** GapHistogram's midpoint for sub_bucket_bits = 7 (the record schema's definition). */
    static double midpoint(int index) {
        if (index < 256) {
            return index;
        }
        int shift = index / 128 - 1;
        long lowest = (long) (index - shift * 128) << shift;
        return lowest + ((1L << shift) - 1) / 2.0;
    }
}
