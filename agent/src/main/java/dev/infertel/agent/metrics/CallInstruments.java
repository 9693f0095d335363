package dev.infertel.agent.metrics;

import java.util.List;

/** The per-call instruments: OpenTelemetry GenAI client conventions, and ours named in the same style. */
public final class CallInstruments {

    public static final Instrument DURATION = Instrument.histogram("gen_ai.client.operation.duration", "s",
            "GenAI operation duration (the call, begin to end, as the caller saw it)", Buckets.SECONDS);
    public static final Instrument TIME_TO_FIRST_CHUNK = Instrument.histogram(
            "gen_ai.client.operation.time_to_first_chunk", "s",
            "Time from the call to its first streamed chunk", Buckets.SECONDS);
    public static final Instrument TIME_PER_OUTPUT_CHUNK = Instrument.histogram(
            "gen_ai.client.operation.time_per_output_chunk", "s",
            "Every gap between consecutive streamed chunks", Buckets.SECONDS);
    public static final Instrument TOKEN_USAGE = Instrument.histogram("gen_ai.client.token.usage", "{token}",
            "Input and output tokens per call", Buckets.TOKENS);
    public static final Instrument ENERGY = Instrument.histogram("infertel.client.operation.energy", "J",
            "Local GPU energy over the call's window (its share when calls overlap)", Buckets.JOULES);
    public static final Instrument ENERGY_PER_OUTPUT_TOKEN = Instrument.histogram(
            "infertel.client.operation.energy_per_output_token", "J",
            "GPU energy of the call over its output tokens", Buckets.JOULES_PER_TOKEN);
    public static final Instrument PREFILL_ENERGY = Instrument.histogram("infertel.client.operation.prefill_energy",
            "J", "GPU energy from the call to its first chunk", Buckets.JOULES);
    public static final Instrument DECODE_ENERGY = Instrument.histogram("infertel.client.operation.decode_energy",
            "J", "GPU energy from the first chunk to the end", Buckets.JOULES);
    public static final Instrument GPU_POWER = Instrument.histogram("infertel.gpu.power", "W",
            "Mean GPU power over the call's window", Buckets.WATTS);
    public static final Instrument CALLS = Instrument.counter("infertel.client.calls", "{call}",
            "Calls ended, by exit (ok, error, cancel, reject)");

    public static final List<Instrument> HISTOGRAMS = List.of(DURATION, TIME_TO_FIRST_CHUNK, TIME_PER_OUTPUT_CHUNK,
            TOKEN_USAGE, ENERGY, ENERGY_PER_OUTPUT_TOKEN, PREFILL_ENERGY, DECODE_ENERGY, GPU_POWER);

    /** Attribute names of a call series, in order (the tenant last, only when configured). */
    public static final List<String> ATTRIBUTES = List.of("gen_ai.operation.name", "gen_ai.provider.name",
            "gen_ai.request.model", "infertel.site", "infertel.gpu.name", "infertel.exit", "error.type");
    public static final String TENANT = "infertel.tenant";
    public static final String TOKEN_TYPE = "gen_ai.token.type";

    private CallInstruments() {
    }
}
