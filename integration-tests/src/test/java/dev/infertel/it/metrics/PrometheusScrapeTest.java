package dev.infertel.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    static final String DASHBOARD = "/contracts/grafana/infertel-genai-dashboard.json";
    static final List<String> MODELS = List.of("alpha", "beta-model", "gamma-fail");
    static final int CALLS = 40;
    /** The conventions' duration bounds, as the agent uses them. */
    static final double[] SECONDS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96,
            81.92};

    static final Path FAKE_NVML = Path.of("../nvml-native/target/fake-nvml/current/libnvidia-ml.so.1")
            .toAbsolutePath().normalize();
    static final String GPU = "NVIDIA H100 80GB HBM3";
    static final String NVML_SCRIPT = "devices=1;name=" + GPU
            + ";mem_total_mb=81559;mem_used_mb=1024;power_mw=250000;util=87;temp=61;auto_energy=1";

    static Path dir;
    static Process app;
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
                "gpu:",
                "  library: '" + FAKE_NVML + "'",
                "  interval_ms: 10",
                "metrics:",
                "  prometheus:",
                "    port: " + metricsPort,
                ""));
        prometheus = PrometheusServer.start(dir, List.of("127.0.0.1:" + metricsPort));
        Path done = dir.resolve("done");
        Path stop = dir.resolve("stop");
        assumeTrue(Files.isRegularFile(FAKE_NVML), "fake NVML " + FAKE_NVML + " missing: built by nvml-native's tests");
        app = ChildJvm.current().withAgent(config).env("FAKE_NVML_SCRIPT", NVML_SCRIPT).app(MetricsApp.class, List.of(), "calls=" + CALLS,
                "models=" + String.join(",", MODELS), "done=" + done, "stop=" + stop, "go=" + dir.resolve("go")).start(dir, "app");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && !(prometheus.scalar("max(up{job=\"agent\"})") == 1)) {
            Thread.sleep(100);
        }
        Files.writeString(dir.resolve("go"), "go\n");
        while (!Files.exists(done) && app.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(done), "the app made its calls");
        // until Prometheus has scraped the final state; the app stays up (a gone target's series turn stale)
        double total = 0;
        while (System.nanoTime() < deadline) {
            total = prometheus.scalar("sum(gen_ai_client_operation_duration_seconds_count)");
            if (total == CALLS * MODELS.size()) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(CALLS * MODELS.size(), total, () -> "scraped count; targets: " + targets());
        // rate() windows need several scrapes of the final state
        while (System.nanoTime() < deadline && !(prometheus.scalar(
                "min(count_over_time(gen_ai_client_operation_duration_seconds_count[1m]))") >= 6)) {
            Thread.sleep(250);
        }
        Path jsonl = dir.resolve("records.jsonl");
        while (System.nanoTime() < deadline
                && (!Files.exists(jsonl) || Files.readAllLines(jsonl).size() < CALLS * MODELS.size())) {
            Thread.sleep(100);
        }
        List<JsonNode> records = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(CALLS * MODELS.size(), records.size(), "records shipped at exit");
        for (JsonNode r : records) {
            byModel.computeIfAbsent(r.path("model_ref").asText(), k -> new ArrayList<>()).add(r);
        }
        assertEquals(MODELS, new ArrayList<>(byModel.keySet()));
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (app != null) {
            Files.writeString(dir.resolve("stop"), "stop\n");
            boolean exited = app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            ChildJvm.destroy(app);
            // the endpoint's threads are daemons: they never hold the application's exit
            assertTrue(exited && app.exitValue() == 0, "the app exits by itself once its main ends");
        }
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

    @Test
    void energyAndPowerMatchTheRecords() throws Exception {
        assertHistogramSums("infertel_client_operation_energy_joules", "energy_j");
        assertHistogramSums("infertel_gpu_power_watts", "power_w_mean");
        assertEquals(MODELS.stream().flatMap(m -> byModel.get(m).stream()).filter(r -> r.path("power_w_mean").isNumber())
                .count(), prometheus.scalar("sum(infertel_gpu_power_watts_count{infertel_gpu_name=\"" + GPU + "\"})"));
    }

    private static void assertHistogramSums(String metric, String field) throws Exception {
        for (String model : MODELS) {
            List<JsonNode> with = byModel.get(model).stream().filter(r -> r.path(field).isNumber()).toList();
            double sum = with.stream().mapToDouble(r -> r.path(field).asDouble()).sum();
            assertTrue(sum > 0, model + " " + field);
            String sel = "{gen_ai_request_model=\"" + model + "\"}";
            assertEquals(with.size(), prometheus.scalar("sum(" + metric + "_count" + sel + ")"));
            assertEquals(sum, prometheus.scalar("sum(" + metric + "_sum" + sel + ")"), sum * 0.001, model + " " + field);
        }
    }

    @Test
    void everyDashboardPanelQueryReturnsData() throws Exception {
        JsonNode dashboard;
        try (var in = PrometheusScrapeTest.class.getResourceAsStream(DASHBOARD)) {
            dashboard = Records.JSON.readTree(in);
        }
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                // Grafana's variables, as it fills them in: every model, a window of several scrapes
                String expr = target.path("expr").asText().replace("$__rate_interval", "1m").replace("$model", ".*");
                JsonNode result = prometheus.query(expr);
                System.out.println(panel.path("title").asText() + " [" + target.path("refId").asText() + "]: "
                        + result.size() + " series, e.g. " + (result.size() > 0 ? result.get(0) : "-"));
                boolean finite = false;
                for (JsonNode series : result) {
                    finite |= Double.isFinite(Double.parseDouble(series.path("value").get(1).asText()));
                }
                assertTrue(finite, panel.path("title").asText() + ": no finite value for " + expr + ": " + result);
                queries++;
            }
        }
        assertEquals(16, queries, "every panel's queries ran");
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
