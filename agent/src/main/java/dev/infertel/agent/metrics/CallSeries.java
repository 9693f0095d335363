package dev.infertel.agent.metrics;

import java.util.List;

/** The instruments of one label set (model, engine, site, GPU, exit, ...). */
public final class CallSeries {

    private final List<String> attributeValues;
    final Histogram duration = new Histogram(Buckets.SECONDS);
    final Histogram timeToFirstChunk = new Histogram(Buckets.SECONDS);
    final Histogram timePerOutputChunk = new Histogram(Buckets.SECONDS);
    final Histogram inputTokens = new Histogram(Buckets.TOKENS);
    final Histogram outputTokens = new Histogram(Buckets.TOKENS);
    final Histogram energy = new Histogram(Buckets.JOULES);
    final Histogram energyPerOutputToken = new Histogram(Buckets.JOULES_PER_TOKEN);
    final Histogram prefillEnergy = new Histogram(Buckets.JOULES);
    final Histogram decodeEnergy = new Histogram(Buckets.JOULES);
    final Histogram gpuPower = new Histogram(Buckets.WATTS);

    CallSeries(List<String> attributeValues) {
        this.attributeValues = List.copyOf(attributeValues);
    }

    /** Values of {@link CallInstruments#ATTRIBUTES} (plus the tenant when configured); "" = absent. */
    public List<String> attributeValues() {
        return attributeValues;
    }

    /** The histogram of {@code instrument} in this series; for token usage, {@code output} picks the type. */
    public Histogram histogram(Instrument instrument, boolean output) {
        if (instrument == CallInstruments.DURATION) {
            return duration;
        } else if (instrument == CallInstruments.TIME_TO_FIRST_CHUNK) {
            return timeToFirstChunk;
        } else if (instrument == CallInstruments.TIME_PER_OUTPUT_CHUNK) {
            return timePerOutputChunk;
        } else if (instrument == CallInstruments.TOKEN_USAGE) {
            return output ? outputTokens : inputTokens;
        } else if (instrument == CallInstruments.ENERGY) {
            return energy;
        } else if (instrument == CallInstruments.ENERGY_PER_OUTPUT_TOKEN) {
            return energyPerOutputToken;
        } else if (instrument == CallInstruments.PREFILL_ENERGY) {
            return prefillEnergy;
        } else if (instrument == CallInstruments.DECODE_ENERGY) {
            return decodeEnergy;
        } else if (instrument == CallInstruments.GPU_POWER) {
            return gpuPower;
        }
        throw new IllegalArgumentException(instrument.name());
    }
}
