package dev.infertel.it.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a child JVM pairs each streamed call with the GPUs of a fake NVML scripted through
 * FAKE_NVML_SCRIPT: two devices at a constant 250 W each, so the truth is power x time.
 */
class GpuPairingIT {

    static final int DEVICES = 2;
    static final String NAME = "NVIDIA H100 80GB HBM3";
    static final double WATTS_PER_DEVICE = 250.0;
    static final double WATTS = DEVICES * WATTS_PER_DEVICE;
    static final String SCRIPT = "devices=" + DEVICES + ";name=" + NAME
            + ";mem_total_mb=81559;mem_used_mb=1024;power_mw=250000;util=87;temp=61;auto_energy=1";
    static final int SOLO = 3;
    static final int CHUNKS = 10;
    /** Energy against power x time: the counter is read every 10 ms and interpolated in between. */
    static final double ENERGY_TOLERANCE = 0.03;
    static final String SCHEMA = "/contracts/telemetry-record.schema.json";

    @TempDir
    static Path shared;

    static AgentJvm.Run run;

    @BeforeAll
    static void runTheApp() throws Exception {
        AgentJvm.requireFake(AgentJvm.FAKE_CURRENT);
        run = AgentJvm.run(shared.resolve("current"), AgentJvm.FAKE_CURRENT, 10, Map.of("FAKE_NVML_SCRIPT", SCRIPT),
                "requests", String.valueOf(SOLO));
        assertEquals(0, run.exitCode(), run::stderr);
        assertEquals(SOLO + 2, run.records().size(), () -> "records: " + run.records() + "\nstderr: " + run.stderr());
    }

    @Test
    void everyRecordNamesTheScriptedGpus() {
        List<String> uuids = List.of("GPU-fa4e0000-0000-4000-8000-000000000000", "GPU-fa4e0000-0000-4000-8000-000000000001");
        for (JsonNode r : run.records()) {
            assertEquals(NAME, r.path("gpu_name").asText(null), r::toString);
            assertEquals(DEVICES, r.path("gpu_count").asInt(-1), r::toString);
            List<String> got = new ArrayList<>();
            r.path("gpu_uuid").forEach(u -> got.add(u.asText()));
            assertEquals(uuids, got, r::toString);
        }
    }

    @Test
    void deviceReadingsAreTheScriptedOnesSummedOverDevices() {
        for (JsonNode r : run.records()) {
            assertEquals(DEVICES * 81559.0, number(r, "vram_total_mb"), 1e-3, r::toString);
            assertEquals(DEVICES * 1024.0, number(r, "vram_used_mb_peak"), 1e-3, r::toString);
            assertEquals(WATTS, number(r, "power_w_mean"), 1e-3, r::toString);
            assertEquals(WATTS, number(r, "power_w_peak"), 1e-3, r::toString);
            assertEquals(87.0, number(r, "gpu_util_pct_mean"), 1e-3, r::toString);
            assertEquals(61.0, number(r, "temp_c_peak"), 1e-3, r::toString);
            assertEquals(0, r.path("gpu_lost_devices").asInt(-1), r::toString);
            assertFalse(r.path("gpu_window_truncated").asBoolean(true), r::toString);
        }
    }

    @Test
    void energyComesFromTheCounter() {
        for (JsonNode r : run.records()) {
            assertEquals("counter", r.path("energy_method").asText(null), r::toString);
        }
    }

    @Test
    void aCallAloneGetsPowerTimesItsDuration() {
        for (int i = 0; i < SOLO; i++) {
            JsonNode r = run.record("solo-" + i);
            double expected = WATTS * number(r, "e2e_ms") / 1000.0;
            assertEquals(expected, number(r, "energy_j"), expected * ENERGY_TOLERANCE, r::toString);
        }
    }

    @Test
    void prefillEnergyIsPowerTimesTimeToFirstToken() {
        for (int i = 0; i < SOLO; i++) {
            JsonNode r = run.record("solo-" + i);
            double expected = WATTS * number(r, "first_token_ms") / 1000.0;
            assertEquals(expected, number(r, "prefill_energy_j"), expected * ENERGY_TOLERANCE, r::toString);
        }
    }

    /** Where the two windows overlap each call gets half the power; the few ms either side are its own. */
    @Test
    void twoOverlappingCallsShareTheOverlapHalfEach() {
        JsonNode a = run.record("overlap-a");
        JsonNode b = run.record("overlap-b");
        double bStartsMs = Duration.between(Instant.parse(a.path("ts").asText()), Instant.parse(b.path("ts").asText()))
                .toNanos() / 1e6;
        double overlapMs = Math.min(number(a, "e2e_ms"), bStartsMs + number(b, "e2e_ms")) - Math.max(0, bStartsMs);
        assertTrue(overlapMs > 0.9 * Math.max(number(a, "e2e_ms"), number(b, "e2e_ms")), "barely overlapping: " + overlapMs);
        for (JsonNode r : List.of(a, b)) {
            double expected = WATTS * (number(r, "e2e_ms") - overlapMs / 2) / 1000.0;
            assertEquals(expected, number(r, "energy_j"), expected * ENERGY_TOLERANCE, r::toString);
        }
    }

    @Test
    void prefillPlusDecodeIsTheWhole() {
        for (JsonNode r : run.records()) {
            assertEquals(number(r, "energy_j"), number(r, "prefill_energy_j") + number(r, "decode_energy_j"), 1e-5,
                    r::toString);
        }
    }

    @Test
    void energyPerTokenDividesByTokensOut() {
        for (JsonNode r : run.records()) {
            assertEquals(CHUNKS, r.path("tokens_out").asLong(-1), r::toString);
            assertEquals(number(r, "energy_j") / CHUNKS, number(r, "energy_per_output_token_j"), 1e-5, r::toString);
            assertEquals(CHUNKS / number(r, "energy_j"), number(r, "tokens_per_j"),
                    1e-5 + 1e-6 * CHUNKS / number(r, "energy_j"), r::toString);
        }
    }

    @Test
    void everyRecordMatchesTheContract() throws Exception {
        JsonSchema schema;
        try (InputStream in = GpuPairingIT.class.getResourceAsStream(SCHEMA)) {
            assumeTrue(in != null, SCHEMA + " is not on the test classpath (module contracts)");
            JsonNode node = new ObjectMapper().readTree(in);
            schema = JsonSchemaFactory.getInstance(SpecVersionDetector.detect(node)).getSchema(node);
        }
        for (JsonNode r : run.records()) {
            Set<ValidationMessage> errors = schema.validate(r);
            assertTrue(errors.isEmpty(), () -> errors + " in " + r);
        }
    }

    @Test
    void withoutTheLibraryTheAppRunsAndSaysSoOnce(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-dir/libnvidia-ml.so.1");
        AgentJvm.Run off = AgentJvm.run(dir, missing, 10, Map.of("FAKE_NVML_SCRIPT", SCRIPT), "requests", "1");

        assertEquals(0, off.exitCode(), off::stderr);
        assertEquals(3, off.records().size(), off::stderr);
        for (JsonNode r : off.records()) {
            r.fieldNames().forEachRemaining(f -> assertFalse(f.startsWith("gpu_") || f.contains("energy")
                    || f.startsWith("power_") || f.startsWith("vram_") || f.equals("temp_c_peak"), f + " in " + r));
        }
        List<String> gpuLines = off.agentLines().stream().filter(l -> l.contains("GPU")).toList();
        assertEquals(1, gpuLines.size(), off::stderr);
        assertTrue(gpuLines.get(0).contains("GPU telemetry off") && gpuLines.get(0).contains(missing.toString()),
                gpuLines.get(0));
    }

    @Test
    void anOldDriverWithoutTheEnergyCounterIntegratesPower(@TempDir Path dir) throws Exception {
        AgentJvm.Run old = AgentJvm.run(dir, AgentJvm.requireFake(AgentJvm.FAKE_OLD), 10,
                Map.of("FAKE_NVML_SCRIPT", SCRIPT), "requests", "1");

        assertEquals(0, old.exitCode(), old::stderr);
        JsonNode r = old.record("solo-0");
        assertEquals("power_integral", r.path("energy_method").asText(null), r::toString);
        double expected = WATTS * number(r, "e2e_ms") / 1000.0;
        assertEquals(expected, number(r, "energy_j"), expected * ENERGY_TOLERANCE, r::toString);
    }

    private static double number(JsonNode r, String field) {
        JsonNode v = r.get(field);
        assertNotNull(v, () -> field + " missing in " + r);
        assertTrue(v.isNumber(), () -> field + " is not a number in " + r);
        return v.asDouble();
    }
}
