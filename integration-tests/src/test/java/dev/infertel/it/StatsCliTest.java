package dev.infertel.it;

import static dev.infertel.it.StatsFigures.H100_BYTES_PER_S;
import static dev.infertel.it.StatsFigures.H100_FLOPS;
import static dev.infertel.it.StatsFigures.nearestRank;
import static dev.infertel.it.StatsFigures.sum;
import static dev.infertel.it.StatsFigures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infertel.it.app.ScriptedApp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code stats} over what the real agent recorded (a child JVM with -javaagent: queue and JSONL sink,
 * with pricing, model sizes and, where the fake NVML is built, a GPU) merged with two JSONL files of
 * another host (one gzipped): every figure against the same figure worked out from the record JSON.
 */
class StatsCliTest {

    static final String GPU = "NVIDIA H100 80GB HBM3";
    static final Path FAKE_NVML = Path.of("../nvml-native/target/fake-nvml/current/libnvidia-ml.so.1").toAbsolutePath().normalize();
    static final String PROMPT_PREFIX = "Summarize the document " + AcmeRun.MARKER + " in one line";
    static final int THREADS = 2;
    static final int REQUESTS = 3;
    static final double IN_PRICE = 0.5;
    static final double OUT_PRICE = 1.5;
    static final double KWH_PRICE = 0.2;
    static final double PARAMS_B = 8;

    static Path dir;
    static ChildJvm.Result app;
    static boolean gpu;
    /** Every record: the agent's (from its JSONL sink) and the other host's. */
    static List<JsonNode> all = new ArrayList<>();
    static List<JsonNode> agentRecords;
    static Path otherHost;
    static Path otherHostGz;

    /** Once per JVM: {@link ReportRenderTest} reads the same run. */
    @BeforeAll
    static synchronized void record() throws Exception {
        if (dir != null) {
            return;
        }
        Path dir = AcmeRun.newDir("stats");
        gpu = Files.isRegularFile(FAKE_NVML);
        Path config = dir.resolve("telemetry.yaml");
        Files.writeString(config, config(dir));
        ChildJvm jvm = ChildJvm.current().withAgent(config);
        if (gpu) {
            jvm.env("FAKE_NVML_SCRIPT", "devices=1;name=" + GPU + ";mem_total_mb=81559;mem_used_mb=40000;power_mw=300000;"
                    + "util=80;temp=60;auto_energy=1");
        }
        app = jvm.app(ScriptedApp.class, List.of(), "threads=" + THREADS, "requests=" + REQUESTS,
                "kinds=callback,iterator,plain", "variants=ok,fail", "marker=" + AcmeRun.MARKER).run(dir, "app");
        assertEquals(0, app.exitCode(), app::describe);
        StatsCliTest.dir = dir;
        agentRecords = Records.readJsonl(dir.resolve("records.jsonl"));
        assertEquals(THREADS * REQUESTS * 6, agentRecords.size(), app::describe);
        agentRecords.forEach(Records::assertValid);
        all.addAll(agentRecords);

        otherHost = dir.resolve("other-host.jsonl.1");
        otherHostGz = dir.resolve("other-host.jsonl.2.gz");
        List<JsonNode> plain = new ArrayList<>();
        List<JsonNode> gzipped = new ArrayList<>();
        // another host's calls in January: tokens/s 5, 20, 9.5, 10, 10.5, 10 (steady from the 3rd)
        double[] tps = {5, 20, 9.5, 10, 10.5, 10};
        for (int i = 0; i < tps.length; i++) {
            JsonNode r = synthetic(i + 1, String.format("2026-01-01T00:00:%02d.000000Z", i), 10.0 * (i + 1), 10_000,
                    100, (long) (tps[i] * 10));
            (i % 2 == 0 ? plain : gzipped).add(r);
        }
        write(otherHost, plain, false);
        write(otherHostGz, gzipped, true);
        all.addAll(plain);
        all.addAll(gzipped);
    }

    static String config(Path dir) {
        StringBuilder prices = new StringBuilder("pricing:\n");
        StringBuilder models = new StringBuilder("models:\n");
        for (String kind : List.of("callback", "iterator")) {
            for (String variant : List.of("ok", "fail")) {
                for (int t = 0; t < THREADS; t++) {
                    for (int n = 0; n < REQUESTS; n++) {
                        String model = kind + "-" + variant + "-t" + t + "-" + n;
                        prices.append("  ").append(model).append(": {input_per_million: ").append(IN_PRICE)
                                .append(", output_per_million: ").append(OUT_PRICE).append("}\n");
                        models.append("  ").append(model).append(": {params_b: ").append(PARAMS_B).append("}\n");
                    }
                }
            }
        }
        return String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "instrument:",
                "  - name: acme-stream",
                "    class: com.acme.llm.Client",
                "    method: stream",
                "    engine: acme",
                "    model: arg0",
                // the prompt's length stands in for a token count the fake client does not report
                "    tokens_in: arg1.length",
                "    stream: {callback: arg2, on_chunk: [onToken], on_complete: [onDone], on_error: [onError]}",
                "  - name: acme-iterate",
                "    class: com.acme.llm.Client",
                "    method: iterate",
                "    engine: acme",
                "    model: arg0",
                "    tokens_in: arg1.length",
                "    stream: {returns: iterator}",
                "  - name: acme-complete",
                "    class: com.acme.llm.Client",
                "    method: complete",
                "    engine: acme",
                "    model: arg0",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                gpu ? "gpu: {library: '" + FAKE_NVML + "', interval_ms: 5}" : "gpu: {enabled: false}",
                prices.toString() + "costs: {energy_price_per_kwh: " + KWH_PRICE + ", currency: EUR}",
                models.toString());
    }

    static JsonNode synthetic(int seq, String ts, double ttft, double e2e, long in, long out) {
        ObjectNode r = Records.JSON.createObjectNode();
        r.put("schema_version", 1).put("record_id", String.format("00000000000000ff-%012x", seq)).put("ts", ts)
                .put("site", "other-host").put("engine", "vllm").putNull("engine_version").put("model_ref", "llama")
                .put("exit", "ok").putNull("error_type").put("first_token_ms", ttft).put("e2e_ms", e2e)
                .put("decode_time_ms", e2e - ttft).put("chunks", 0).putNull("itl_ms").put("tokens_in", in)
                .put("tokens_out", out).put("tokens_out_source", "usage").put("tpot_ms", (e2e - ttft) / (out - 1))
                .put("output_tokens_per_s", out / (e2e / 1000)).putNull("finish_reason").putNull("tenant_id")
                .put("thread", "main").put("pid", 7);
        Records.assertValid(r);
        return r;
    }

    static void write(Path file, List<JsonNode> records, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            for (JsonNode r : records) {
                out.write((Records.JSON.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Runs {@code stats --json --exact} on the queue, the agent's JSONL (the same records again) and the
     * other host's files: exact nearest-rank latency percentiles, compared with the test's own; the
     * histogram percentiles (the default) are checked against their bound by {@link StatsScaleTest}.
     */
    static Map<String, JsonNode> stats(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("stats", "--json", "--exact", "--queue", dir.resolve("queue").toString(),
                dir.resolve("records.jsonl").toString(), otherHost.toString(), otherHostGz.toString()));
        args.addAll(List.of(options));
        ChildJvm.Result r = ChildJvm.current().agentCli(args.toArray(String[]::new)).run(dir, "stats");
        assertEquals(0, r.exitCode(), r::describe);
        JsonNode doc = Records.JSON.readTree(r.stdout());
        Map<String, JsonNode> groups = new LinkedHashMap<>();
        for (JsonNode g : doc.path("groups")) {
            groups.put(g.path("site").asText() + "/" + g.path("exit").asText(""), g);
        }
        return groups;
    }

    static List<JsonNode> select(List<JsonNode> records, String site, String exit) {
        return records.stream().filter(r -> r.path("site").asText().equals(site)
                && (exit == null || r.path("exit").asText().equals(exit))).toList();
    }

    static void near(Double expected, JsonNode actual, double tolerance, String what) {
        if (expected == null) {
            assertTrue(actual.isNull(), what + ": expected null, got " + actual);
        } else {
            assertFalse(actual.isNull() || actual.isMissingNode(), what + ": expected " + expected + ", got null");
            assertEquals(expected, actual.asDouble(), tolerance, what);
        }
    }

    @Test
    void everyFigureOfEveryGroupEqualsTheRecordsWorkedOutIndependently() throws Exception {
        Map<String, JsonNode> groups = stats("--by", "site,exit", "--config", dir.resolve("telemetry.yaml").toString());
        assertEquals(List.of("acme-complete/error", "acme-complete/ok", "acme-iterate/error", "acme-iterate/ok",
                "acme-stream/error", "acme-stream/ok", "other-host/ok"), List.copyOf(groups.keySet()));
        for (Map.Entry<String, JsonNode> e : groups.entrySet()) {
            String[] key = e.getKey().split("/");
            List<JsonNode> calls = select(all, key[0], key[1]);
            List<JsonNode> ok = select(calls, key[0], "ok");
            JsonNode g = e.getValue();
            String w = e.getKey() + " ";
            assertEquals(calls.size(), g.path("calls").asLong(), w + "calls (the queue and its JSONL hold the same records)");
            assertEquals(ok.size(), g.path("ok").asLong(), w + "ok");
            assertEquals(calls.size() - ok.size(), g.path("errors").asLong(), w + "errors");
            assertEquals(0, g.path("cancels").asLong() + g.path("rejects").asLong() + g.path("excluded").asLong(), w);
            assertEquals((long) sum(calls, "tokens_in"), g.path("tokens_in").asLong(), w + "tokens_in");
            assertEquals((long) sum(calls, "tokens_out"), g.path("tokens_out").asLong(), w + "tokens_out");
            // durations: the queue keeps nanosecond precision, the JSON microseconds
            double ms = 0.0011;
            for (int p : new int[] {50, 95, 99}) {
                near(nearestRank(values(ok, "first_token_ms"), p), g.path("ttft_p" + p + "_ms"), ms, w + "ttft p" + p);
                near(StatsFigures.itlPercentile(ok, p), g.path("itl_p" + p + "_ms"), 1e-12, w + "itl p" + p);
            }
            assertEquals(StatsFigures.gaps(ok), g.path("itl_gaps").asLong(), w + "gaps");
            near(nearestRank(values(ok, "tpot_ms"), 50), g.path("tpot_p50_ms"), ms, w + "tpot p50");
            near(nearestRank(values(ok, "e2e_ms"), 50), g.path("e2e_p50_ms"), ms, w + "e2e p50");
            near(nearestRank(values(ok, "e2e_ms"), 99), g.path("e2e_p99_ms"), ms, w + "e2e p99");
            List<JsonNode> withTokens = ok.stream().filter(r -> r.hasNonNull("tokens_out")).toList();
            Double tps = withTokens.isEmpty() ? null : sum(withTokens, "tokens_out") / (sum(withTokens, "e2e_ms") / 1000);
            near(tps, g.path("output_tokens_per_s"), tps == null ? 0 : tps * 1e-5, w + "tokens/s");
            checkGpuFigures(w, calls, ok, g);
            checkCosts(w, calls, ok, g);
        }
    }

    private static void checkGpuFigures(String w, List<JsonNode> calls, List<JsonNode> ok, JsonNode g) {
        List<Double> energy = values(calls, "energy_j");
        if (!gpu || energy.isEmpty()) {
            assertTrue(g.path("energy_j").isNull(), w + "energy without a GPU");
            return;
        }
        double total = energy.stream().mapToDouble(Double::doubleValue).sum();
        near(total, g.path("energy_j"), 1e-5 * total + 1e-5, w + "energy");
        List<JsonNode> both = ok.stream().filter(r -> r.hasNonNull("energy_j") && r.hasNonNull("tokens_out")).toList();
        if (!both.isEmpty() && sum(both, "tokens_out") > 0) {
            double jpt = sum(both, "energy_j") / sum(both, "tokens_out");
            near(jpt, g.path("j_per_output_token"), jpt * 1e-5, w + "J/token");
            near(1 / jpt, g.path("tokens_per_j"), 1e-5 / jpt, w + "tokens/J");
        }
        double weighted = 0;
        double time = 0;
        for (JsonNode r : calls) {
            if (r.hasNonNull("power_w_mean")) {
                weighted += r.get("power_w_mean").asDouble() * r.get("e2e_ms").asDouble();
                time += r.get("e2e_ms").asDouble();
            }
        }
        near(time > 0 ? weighted / time : null, g.path("power_w_mean"), 1e-3, w + "mean power");
        near(values(calls, "vram_used_mb_peak").stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                g.path("vram_mb_peak"), 1e-9, w + "peak VRAM");
        // MFU and MBU: 2 x 8e9 FLOPs per token over e2e x H100 peak; 8e9 x 2 bytes per decode token over decode time
        List<JsonNode> sized = ok.stream().filter(r -> r.hasNonNull("tokens_out") && r.hasNonNull("gpu_name") && r.path("model_ref").asText().matches("(callback|iterator)-.*")).toList();
        if (!sized.isEmpty()) {
            double flops = 0;
            double capacity = 0;
            double bytes = 0;
            double bandwidth = 0;
            for (JsonNode r : sized) {
                long in = r.path("tokens_in").asLong(0);
                long out = r.get("tokens_out").asLong();
                flops += 2 * PARAMS_B * 1e9 * (in + out);
                capacity += r.get("e2e_ms").asDouble() / 1000 * H100_FLOPS;
                if (out >= 2 && r.get("decode_time_ms").asDouble() > 0) {
                    bytes += PARAMS_B * 1e9 * 2 * (out - 1);
                    bandwidth += r.get("decode_time_ms").asDouble() / 1000 * H100_BYTES_PER_S;
                }
            }
            // the JSON carries durations to the microsecond, the queue the exact figure: relative 1e-4
            // covers that rounding on calls of tens of milliseconds
            near(100 * flops / capacity, g.path("mfu_pct"), 1e-4 * 100 * flops / capacity, w + "MFU");
            near(100 * bytes / bandwidth, g.path("mbu_pct"), 1e-4 * 100 * bytes / bandwidth, w + "MBU");
        }
    }

    private static void checkCosts(String w, List<JsonNode> calls, List<JsonNode> ok, JsonNode g) {
        List<Double> costs = values(calls, "cost");
        if (costs.isEmpty()) {
            assertTrue(g.path("cost").isNull(), w + "cost");
            return;
        }
        // the agent priced each record as it ended: tokens_in x 0.5 / 1e6 + tokens_out x 1.5 / 1e6 (EUR)
        for (JsonNode r : calls) {
            if (r.hasNonNull("cost")) {
                double expected = r.get("tokens_in").asLong() * IN_PRICE / 1e6 + r.get("tokens_out").asLong() * OUT_PRICE / 1e6;
                assertEquals(expected, r.get("cost").asDouble(), 1e-15, w + "record cost " + r);
                assertEquals("EUR", r.get("currency").asText(), w + "currency");
                assertEquals(PROMPT_PREFIX.length(), r.get("tokens_in").asLong(), w + "tokens_in read as the prompt length");
            }
        }
        double total = costs.stream().mapToDouble(Double::doubleValue).sum();
        near(total, g.path("cost"), 1e-15, w + "cost");
        assertEquals("EUR", g.path("currency").asText(), w);
        if (gpu) {
            double energyCost = values(calls, "energy_cost").stream().mapToDouble(Double::doubleValue).sum();
            near(energyCost, g.path("energy_cost"), 1e-12, w + "energy cost");
            near(sum(calls, "energy_j") / 3.6e6 * KWH_PRICE, g.path("energy_cost"), 1e-9, w + "energy cost from energy");
        }
    }

    @Test
    void theGapHistogramAgreesWithTheExactItlSummaryOfEachCall() {
        int checked = 0;
        for (JsonNode r : agentRecords) {
            if (r.path("chunks").asInt() < 2) {
                assertTrue(r.path("itl_hist").isMissingNode(), r::toString);
                continue;
            }
            List<JsonNode> one = List.of(r);
            assertEquals(r.get("chunks").asInt() - 1, StatsFigures.gaps(one), r::toString);
            for (String p : List.of("p50", "p90", "p99")) {
                double exact = r.path("itl_ms").path(p).asDouble();
                double fromHist = StatsFigures.itlPercentile(one, Double.parseDouble(p.substring(1)));
                // the bucket midpoint is within 1/256 of the gap; the JSON summary is rounded to the microsecond
                assertEquals(exact, fromHist, exact / 256 + 0.0005, r::toString);
            }
            checked++;
        }
        assertTrue(checked >= THREADS * REQUESTS * 4, "streamed records checked: " + checked);
    }

    @Test
    void timeRangesSelectByCallStart() throws Exception {
        Map<String, JsonNode> recent = stats("--by", "site", "--since", "1h");
        assertFalse(recent.containsKey("other-host/"), recent.keySet()::toString);
        assertEquals(THREADS * REQUESTS * 2, recent.get("acme-stream/").path("calls").asLong());
        Map<String, JsonNode> january = stats("--by", "site", "--since", "2026-01-01T00:00:01Z", "--until", "2026-01-01T00:00:04Z");
        assertEquals(List.of("other-host/"), List.copyOf(january.keySet()));
        // the calls at 00:00:01, :02 and :03: TTFT 20, 30, 40 ms
        assertEquals(3, january.get("other-host/").path("calls").asLong());
        assertEquals(30.0, january.get("other-host/").path("ttft_p50_ms").asDouble());
    }

    @Test
    void warmUpAndSteadyStateExclusionArePerGroup() throws Exception {
        Map<String, JsonNode> warm = stats("--by", "site", "--exclude-warmup", "2");
        JsonNode stream = warm.get("acme-stream/");
        assertEquals(THREADS * REQUESTS * 2 - 2, stream.path("calls").asLong());
        assertEquals(2, stream.path("excluded").asLong());
        List<JsonNode> kept = new ArrayList<>(select(all, "acme-stream", null));
        kept.sort((a, b) -> a.get("ts").asText().compareTo(b.get("ts").asText()) != 0
                ? a.get("ts").asText().compareTo(b.get("ts").asText()) : a.get("record_id").asText().compareTo(b.get("record_id").asText()));
        kept = kept.subList(2, kept.size());
        near(nearestRank(values(select(kept, "acme-stream", "ok"), "first_token_ms"), 50), stream.path("ttft_p50_ms"), 0.0011, "ttft after warm-up");
        assertEquals(4, warm.get("other-host/").path("calls").asLong());

        // tokens/s 5, 20, 9.5, 10, 10.5, 10: the first window of 3 with CV <= 0.05 starts at the 3rd call
        Map<String, JsonNode> steady = stats("--by", "site", "--steady-state", "--window", "3", "--cv", "0.05");
        JsonNode other = steady.get("other-host/");
        assertEquals(4, other.path("calls").asLong());
        assertEquals(2, other.path("excluded").asLong());
        assertEquals((95 + 100 + 105 + 100) / 40.0, other.path("output_tokens_per_s").asDouble(), 1e-9);
        assertNotNull(steady.get("acme-stream/"));
    }
}
