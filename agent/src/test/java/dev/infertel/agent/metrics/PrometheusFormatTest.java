package dev.infertel.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.TelemetryRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records in, Prometheus exposition out: names by the OTel mapping, buckets, labels, the series cap. */
class PrometheusFormatTest {

    static TelemetryRecord call(String model, Exit exit, double ttftMs, double e2eMs, long tokensOut, GpuFields gpu) {
        long gap = 2_000_000; // 2 ms
        GapHistogram gaps = GapHistogram.ofSortedNanos(new long[] {gap, gap, gap}, 3);
        return new TelemetryRecord(1, 1, 0, "chat-site", "vllm", null, model, exit,
                exit == Exit.ERROR ? "java.io.IOException" : null, ttftMs, e2eMs, 4, null, 12L, tokensOut,
                TelemetryRecord.TokensSource.USAGE, null, "tenant-a", "t", 1, "h", gpu, gaps, null, null, null);
    }

    static GpuFields gpu(double energyJ, double powerW) {
        return new GpuFields("NVIDIA H100", 1, List.of("GPU-1"), 80000.0, 1000.0, powerW, powerW, 50.0, 60.0, energyJ,
                "counter", energyJ / 4, energyJ * 3 / 4, 0, false);
    }

    @Test
    void namesFollowTheOtelToPrometheusMapping() {
        assertEquals("gen_ai_client_operation_time_to_first_chunk_seconds",
                CallInstruments.TIME_TO_FIRST_CHUNK.prometheusName());
        assertEquals("gen_ai_client_operation_duration_seconds", CallInstruments.DURATION.prometheusName());
        assertEquals("gen_ai_client_token_usage", CallInstruments.TOKEN_USAGE.prometheusName());
        assertEquals("infertel_client_operation_energy_joules", CallInstruments.ENERGY.prometheusName());
        assertEquals("infertel_gpu_power_watts", CallInstruments.GPU_POWER.prometheusName());
    }

    @Test
    void bucketsAreTheConventionsBoundaries() {
        assertEquals(14, Buckets.SECONDS.length);
        assertEquals(0.01, Buckets.SECONDS[0]);
        assertEquals(0.16, Buckets.SECONDS[4]);
        assertEquals(81.92, Buckets.SECONDS[13]);
        assertEquals(1, Buckets.TOKENS[0]);
        assertEquals(67108864, Buckets.TOKENS[13]);
    }

    @Test
    void histogramLinesCountEveryCallAndEveryGap() {
        CallMetrics m = new CallMetrics(1000, false);
        m.accept(call("llama", Exit.OK, 15, 30, 4, gpu(8, 200)));
        m.accept(call("llama", Exit.OK, 25, 50, 4, gpu(8, 200)));
        String text = PrometheusFormat.write(m, AgentHealth.none(), false, 0);
        String labels = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"vllm\",gen_ai_request_model=\"llama\","
                + "infertel_site=\"chat-site\",infertel_gpu_name=\"NVIDIA H100\",infertel_exit=\"ok\"";
        assertLine(text, "gen_ai_client_operation_time_to_first_chunk_seconds_bucket{" + labels + ",le=\"0.01\"} 0");
        assertLine(text, "gen_ai_client_operation_time_to_first_chunk_seconds_bucket{" + labels + ",le=\"0.02\"} 1");
        assertLine(text, "gen_ai_client_operation_time_to_first_chunk_seconds_bucket{" + labels + ",le=\"0.04\"} 2");
        assertLine(text, "gen_ai_client_operation_time_to_first_chunk_seconds_count{" + labels + "} 2");
        assertLine(text, "gen_ai_client_operation_time_to_first_chunk_seconds_sum{" + labels + "} 0.04");
        assertLine(text, "gen_ai_client_operation_time_per_output_chunk_seconds_count{" + labels + "} 6");
        assertLine(text, "gen_ai_client_token_usage_count{" + labels + ",gen_ai_token_type=\"output\"} 2");
        assertLine(text, "gen_ai_client_token_usage_sum{" + labels + ",gen_ai_token_type=\"input\"} 24.0");
        assertLine(text, "infertel_client_calls_total{" + labels + "} 2");
        assertLine(text, "# TYPE infertel_client_calls_total counter");
        assertTrue(!text.contains("tenant"), "no tenant unless configured");
    }

    @Test
    void errorsCarryErrorType() {
        CallMetrics m = new CallMetrics(1000, false);
        m.accept(call("llama", Exit.ERROR, 15, 30, 4, null));
        String text = PrometheusFormat.write(m, AgentHealth.none(), false, 0);
        assertTrue(text.contains("infertel_exit=\"error\",error_type=\"java.io.IOException\"} 1"), text);
    }

    @Test
    void pastMaxSeriesCallsGoToOtherAndAreCounted() {
        CallMetrics m = new CallMetrics(2, false);
        for (int i = 0; i < 5; i++) {
            m.accept(call("model-" + i, Exit.OK, 15, 30, 4, null));
        }
        assertEquals(3, m.series().size(), "two series and other");
        assertEquals(3, m.overflowed());
        String text = PrometheusFormat.write(m, AgentHealth.none(), false, 0);
        assertTrue(text.contains("gen_ai_request_model=\"other\""), text);
        assertLine(text, "infertel_agent_metrics_series_overflow_total 3");
    }

    @Test
    void openMetricsTypesCountersByFamilyAndEnds() {
        CallMetrics m = new CallMetrics(10, false);
        m.accept(call("llama", Exit.OK, 15, 30, 4, null));
        String text = PrometheusFormat.write(m, AgentHealth.none(), true, 0);
        assertLine(text, "# TYPE infertel_client_calls counter");
        assertLine(text, "# UNIT gen_ai_client_operation_duration_seconds seconds");
        assertTrue(text.endsWith("# EOF\n"));
    }

    @Test
    void endpointServesBothFormatsByAccept() throws Exception {
        CallMetrics m = new CallMetrics(10, false);
        m.accept(call("llama", Exit.OK, 15, 30, 4, null));
        try (PrometheusEndpoint e = PrometheusEndpoint.start("127.0.0.1", 0, m, AgentHealth.none())) {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + e.port() + "/metrics");
            HttpResponse<String> text = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(PrometheusFormat.TEXT_TYPE, text.headers().firstValue("Content-Type").orElse(""));
            HttpResponse<String> om = client.send(HttpRequest.newBuilder(uri)
                    .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(PrometheusFormat.OPENMETRICS_TYPE, om.headers().firstValue("Content-Type").orElse(""));
            assertTrue(om.body().endsWith("# EOF\n"));
        }
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.lines().anyMatch(line::equals), line + "\nnot in:\n" + text);
    }
}
