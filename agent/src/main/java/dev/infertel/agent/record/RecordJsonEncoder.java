package dev.infertel.agent.record;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Writes a record as the bytes {@link RecordJson#write} gives through Jackson's UTF-8 generator (the
 * contract's JSON; {@code GoldenJsonTest} and {@code RecordJsonEncoderTest} hold the two to the same
 * bytes), straight into a {@link JsonBytes}: the shipper's encoder, where a drain spends most of its
 * time. Field names and the punctuation between them are constants; strings that repeat from record
 * to record are encoded once and copied (found by identity, which {@link DecodedStrings} makes work
 * for records read from the queue); the timestamp's date and time of day are formatted once per
 * second, the record id's process half once per process; numbers are printed by arithmetic. One per
 * sink thread: not thread-safe.
 */
public final class RecordJsonEncoder {

    private static final int SETS = 128;
    private static final int MAX_CACHED_LENGTH = 128;
    /** Epoch micros of 0000-01-01 and of 10000-01-01: where {@link Timestamps#isoMicros} is 27 characters. */
    private static final long FIRST_PLAIN_MICROS = -62_167_219_200_000_000L;
    private static final long END_PLAIN_MICROS = 253_402_300_800_000_000L;

    private static final byte[] START = ascii("{\"schema_version\":" + TelemetryRecord.SCHEMA_VERSION
            + ",\"record_id\":\"");
    private static final byte[] TS = ascii("\",\"ts\":\"");
    private static final byte[] SITE = ascii("\",\"site\":");
    private static final byte[] ENGINE = ascii(",\"engine\":");
    private static final byte[] ENGINE_VERSION = ascii(",\"engine_version\":");
    private static final byte[] MODEL_REF = ascii(",\"model_ref\":");
    private static final byte[] EXIT = ascii(",\"exit\":");
    private static final byte[] ERROR_TYPE = ascii(",\"error_type\":");
    private static final byte[] FIRST_TOKEN_MS = ascii(",\"first_token_ms\":");
    private static final byte[] E2E_MS = ascii(",\"e2e_ms\":");
    private static final byte[] DECODE_TIME_MS = ascii(",\"decode_time_ms\":");
    private static final byte[] CHUNKS = ascii(",\"chunks\":");
    private static final byte[] ITL_MS = ascii(",\"itl_ms\":");
    private static final byte[] MEAN = ascii("{\"mean\":");
    private static final byte[] P50 = ascii(",\"p50\":");
    private static final byte[] P90 = ascii(",\"p90\":");
    private static final byte[] P95 = ascii(",\"p95\":");
    private static final byte[] P99 = ascii(",\"p99\":");
    private static final byte[] MIN = ascii(",\"min\":");
    private static final byte[] MAX = ascii(",\"max\":");
    private static final byte[] TOKENS_IN = ascii(",\"tokens_in\":");
    private static final byte[] TOKENS_OUT = ascii(",\"tokens_out\":");
    private static final byte[] TOKENS_OUT_SOURCE = ascii(",\"tokens_out_source\":");
    private static final byte[] TPOT_MS = ascii(",\"tpot_ms\":");
    private static final byte[] OUTPUT_TOKENS_PER_S = ascii(",\"output_tokens_per_s\":");
    private static final byte[] FINISH_REASON = ascii(",\"finish_reason\":");
    private static final byte[] TENANT_ID = ascii(",\"tenant_id\":");
    private static final byte[] THREAD = ascii(",\"thread\":");
    private static final byte[] PID = ascii(",\"pid\":");
    private static final byte[] HOST = ascii(",\"host\":");
    private static final byte[] GPU_NAME = ascii(",\"gpu_name\":");
    private static final byte[] GPU_COUNT = ascii(",\"gpu_count\":");
    private static final byte[] GPU_UUID = ascii(",\"gpu_uuid\":[");
    private static final byte[] VRAM_TOTAL_MB = ascii("],\"vram_total_mb\":");
    private static final byte[] VRAM_USED_MB_PEAK = ascii(",\"vram_used_mb_peak\":");
    private static final byte[] POWER_W_MEAN = ascii(",\"power_w_mean\":");
    private static final byte[] POWER_W_PEAK = ascii(",\"power_w_peak\":");
    private static final byte[] GPU_UTIL_PCT_MEAN = ascii(",\"gpu_util_pct_mean\":");
    private static final byte[] TEMP_C_PEAK = ascii(",\"temp_c_peak\":");
    private static final byte[] ENERGY_J = ascii(",\"energy_j\":");
    private static final byte[] ENERGY_METHOD = ascii(",\"energy_method\":");
    private static final byte[] PREFILL_ENERGY_J = ascii(",\"prefill_energy_j\":");
    private static final byte[] DECODE_ENERGY_J = ascii(",\"decode_energy_j\":");
    private static final byte[] ENERGY_PER_OUTPUT_TOKEN_J = ascii(",\"energy_per_output_token_j\":");
    private static final byte[] TOKENS_PER_J = ascii(",\"tokens_per_j\":");
    private static final byte[] GPU_LOST_DEVICES = ascii(",\"gpu_lost_devices\":");
    private static final byte[] GPU_WINDOW_TRUNCATED = ascii(",\"gpu_window_truncated\":");
    private static final byte[] ITL_HIST = ascii(",\"itl_hist\":{\"sub_bucket_bits\":" + GapHistogram.SUB_BUCKET_BITS
            + ",\"buckets\":[");
    private static final byte[] COUNTS = ascii("],\"counts\":[");
    private static final byte[] HIST_END = ascii("]}");
    private static final byte[] COST = ascii(",\"cost\":");
    private static final byte[] ENERGY_COST = ascii(",\"energy_cost\":");
    private static final byte[] CURRENCY = ascii(",\"currency\":");
    private static final byte[] TRACE_ID = ascii(",\"trace_id\":\"");
    private static final byte[] SPAN_ID = ascii("\",\"span_id\":\"");
    private static final byte[] METADATA = ascii(",\"metadata\":{");
    private static final byte[] RESOURCE = ascii(",\"resource\":{");

    private static final byte[][] EXITS = new byte[Exit.values().length][];
    private static final byte[][] SOURCES = new byte[TelemetryRecord.TokensSource.values().length][];

    static {
        for (Exit e : Exit.values()) {
            EXITS[e.ordinal()] = ascii("\"" + e.json() + "\"");
        }
        for (TelemetryRecord.TokensSource t : TelemetryRecord.TokensSource.values()) {
            SOURCES[t.ordinal()] = ascii("\"" + t.name().toLowerCase(Locale.ROOT) + "\"");
        }
    }

    /** Two-way sets of strings by identity: slot 2s the more recently used, 2s+1 the other. */
    private final String[] keys = new String[2 * SETS];
    /** Their encoded form; null until a string is seen a second time (one seen once may never repeat). */
    private final byte[][] encoded = new byte[2 * SETS][];
    private final JsonBytes scratch = new JsonBytes(64);
    private long process;
    private byte[] processHex;
    private long second = Long.MIN_VALUE;
    private final byte[] secondText = new byte[20];

    public void write(TelemetryRecord r, JsonBytes out) {
        out.raw(START);
        recordId(out, r.idProcess(), r.idSequence());
        out.raw(TS);
        timestamp(out, r.startEpochMicros());
        out.raw(SITE);
        string(out, r.site());
        out.raw(ENGINE);
        string(out, r.engine());
        out.raw(ENGINE_VERSION);
        string(out, r.engineVersion());
        out.raw(MODEL_REF);
        string(out, r.modelRef());
        out.raw(EXIT);
        out.raw(EXITS[r.exit().ordinal()]);
        out.raw(ERROR_TYPE);
        string(out, r.errorType());
        out.raw(FIRST_TOKEN_MS);
        rounded(out, r.firstTokenMs(), 3);
        out.raw(E2E_MS);
        JsonDecimals.write(out, r.e2eMs(), 3);
        out.raw(DECODE_TIME_MS);
        rounded(out, r.decodeTimeMs(), 3);
        out.raw(CHUNKS);
        out.number(r.chunks());
        out.raw(ITL_MS);
        ItlSummary itl = r.itl();
        if (itl == null) {
            out.nul();
        } else {
            out.raw(MEAN);
            JsonDecimals.write(out, itl.mean(), 3);
            out.raw(P50);
            JsonDecimals.write(out, itl.p50(), 3);
            out.raw(P90);
            JsonDecimals.write(out, itl.p90(), 3);
            out.raw(P95);
            JsonDecimals.write(out, itl.p95(), 3);
            out.raw(P99);
            JsonDecimals.write(out, itl.p99(), 3);
            out.raw(MIN);
            JsonDecimals.write(out, itl.min(), 3);
            out.raw(MAX);
            JsonDecimals.write(out, itl.max(), 3);
            out.raw((byte) '}');
        }
        out.raw(TOKENS_IN);
        numberOrNull(out, r.tokensIn());
        out.raw(TOKENS_OUT);
        numberOrNull(out, r.tokensOut());
        out.raw(TOKENS_OUT_SOURCE);
        if (r.tokensOutSource() == null) {
            out.nul();
        } else {
            out.raw(SOURCES[r.tokensOutSource().ordinal()]);
        }
        out.raw(TPOT_MS);
        rounded(out, r.tpotMs(), 3);
        out.raw(OUTPUT_TOKENS_PER_S);
        rounded(out, r.outputTokensPerS(), 3);
        out.raw(FINISH_REASON);
        string(out, r.finishReason());
        out.raw(TENANT_ID);
        string(out, r.tenantId());
        out.raw(THREAD);
        string(out, r.thread());
        out.raw(PID);
        out.number(r.pid());
        if (r.host() != null) {
            out.raw(HOST);
            string(out, r.host());
        }
        if (r.gpu() != null) {
            gpu(out, r.gpu(), r.tokensOut());
        }
        if (r.itlHist() != null) {
            histogram(out, r.itlHist());
        }
        if (r.cost() != null) {
            out.raw(COST);
            jacksonDouble(out, r.cost());
        }
        if (r.energyCost() != null) {
            out.raw(ENERGY_COST);
            jacksonDouble(out, r.energyCost());
        }
        if (r.currency() != null) {
            out.raw(CURRENCY);
            string(out, r.currency());
        }
        if (r.joins() != null) {
            joins(out, r.joins());
        }
        out.raw((byte) '}');
    }

    private void joins(JsonBytes out, JoinFields j) {
        if (j.hasSpan()) {
            // hex digits: nothing to escape
            out.raw(TRACE_ID);
            out.ascii(j.traceId());
            out.raw(SPAN_ID);
            out.ascii(j.spanId());
            out.raw((byte) '"');
        }
        if (!j.metadata().isEmpty()) {
            out.raw(METADATA);
            map(out, j.metadata());
        }
        if (!j.resource().isEmpty()) {
            out.raw(RESOURCE);
            map(out, j.resource());
        }
    }

    private void map(JsonBytes out, java.util.Map<String, String> m) {
        boolean first = true;
        for (java.util.Map.Entry<String, String> e : m.entrySet()) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            string(out, e.getKey());
            out.raw((byte) ':');
            string(out, e.getValue());
        }
        out.raw((byte) '}');
    }

    private void gpu(JsonBytes out, GpuFields g, Long tokensOut) {
        out.raw(GPU_NAME);
        string(out, g.gpuName());
        out.raw(GPU_COUNT);
        out.number(g.gpuCount());
        out.raw(GPU_UUID);
        List<String> uuids = g.gpuUuids();
        for (int i = 0; i < uuids.size(); i++) {
            if (i > 0) {
                out.raw((byte) ',');
            }
            string(out, uuids.get(i));
        }
        out.raw(VRAM_TOTAL_MB);
        rounded(out, g.vramTotalMb(), 3);
        out.raw(VRAM_USED_MB_PEAK);
        rounded(out, g.vramUsedMbPeak(), 3);
        out.raw(POWER_W_MEAN);
        rounded(out, g.powerWMean(), 3);
        out.raw(POWER_W_PEAK);
        rounded(out, g.powerWPeak(), 3);
        out.raw(GPU_UTIL_PCT_MEAN);
        rounded(out, g.gpuUtilPctMean(), 3);
        out.raw(TEMP_C_PEAK);
        rounded(out, g.tempCPeak(), 3);
        out.raw(ENERGY_J);
        rounded(out, g.energyJ(), 6);
        out.raw(ENERGY_METHOD);
        string(out, g.energyMethod());
        out.raw(PREFILL_ENERGY_J);
        rounded(out, g.prefillEnergyJ(), 6);
        out.raw(DECODE_ENERGY_J);
        rounded(out, g.decodeEnergyJ(), 6);
        out.raw(ENERGY_PER_OUTPUT_TOKEN_J);
        rounded(out, g.energyPerOutputTokenJ(tokensOut), 6);
        out.raw(TOKENS_PER_J);
        rounded(out, g.tokensPerJ(tokensOut), 6);
        out.raw(GPU_LOST_DEVICES);
        out.number(g.lostDevices());
        out.raw(GPU_WINDOW_TRUNCATED);
        out.bool(g.windowTruncated());
    }

    private static void histogram(JsonBytes out, GapHistogram h) {
        out.raw(ITL_HIST);
        out.numbers(h.bucketArray());
        out.raw(COUNTS);
        out.numbers(h.countArray());
        out.raw(HIST_END);
    }

    private static void rounded(JsonBytes out, Double value, int decimals) {
        if (value == null) {
            out.nul();
        } else {
            JsonDecimals.write(out, value, decimals);
        }
    }

    private static void numberOrNull(JsonBytes out, Long value) {
        if (value == null) {
            out.nul();
        } else {
            out.number(value);
        }
    }

    /** As Jackson's {@code writeNumber(double)}: the JDK's text, and NaN and the infinities as strings. */
    private static void jacksonDouble(JsonBytes out, double value) {
        if (Double.isFinite(value)) {
            out.ascii(Double.toString(value));
        } else {
            out.string(Double.toString(value));
        }
    }

    /** As {@link RecordIds#format}: 16 hex digits, '-', 12 hex digits. */
    private void recordId(JsonBytes out, long idProcess, long idSequence) {
        if (processHex == null || idProcess != process) {
            JsonBytes hex = new JsonBytes(16);
            hex.hex(idProcess, 16);
            hex.raw((byte) '-');
            processHex = hex.toByteArray();
            process = idProcess;
        }
        out.raw(processHex);
        out.hex(idSequence, 12);
    }

    /** As {@link Timestamps#isoMicros}: the text up to the seconds is the same for a whole second. */
    private void timestamp(JsonBytes out, long epochMicros) {
        if (epochMicros < FIRST_PLAIN_MICROS || epochMicros >= END_PLAIN_MICROS) {
            out.ascii(Timestamps.isoMicros(epochMicros));
            return;
        }
        long s = Math.floorDiv(epochMicros, 1_000_000L);
        if (s != second) {
            String iso = Timestamps.isoMicros(s * 1_000_000L);
            for (int i = 0; i < secondText.length; i++) {
                secondText[i] = (byte) iso.charAt(i);
            }
            second = s;
        }
        out.raw(secondText);
        out.digits(Math.floorMod(epochMicros, 1_000_000L), 6);
        out.raw((byte) 'Z');
    }

    private void string(JsonBytes out, String s) {
        if (s == null || s.length() > MAX_CACHED_LENGTH) {
            out.string(s);
            return;
        }
        int slot = (System.identityHashCode(s) & (SETS - 1)) << 1;
        if (keys[slot] != s) {
            if (keys[slot + 1] != s) {
                // neither: the older one goes, this one is remembered but not encoded yet
                keys[slot + 1] = keys[slot];
                encoded[slot + 1] = encoded[slot];
                keys[slot] = s;
                encoded[slot] = null;
                out.string(s);
                return;
            }
            keys[slot + 1] = keys[slot];
            keys[slot] = s;
            byte[] e = encoded[slot + 1];
            encoded[slot + 1] = encoded[slot];
            encoded[slot] = e;
        }
        byte[] e = encoded[slot];
        if (e == null) {
            scratch.reset();
            scratch.string(s);
            e = scratch.toByteArray();
            encoded[slot] = e;
        }
        out.raw(e);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
