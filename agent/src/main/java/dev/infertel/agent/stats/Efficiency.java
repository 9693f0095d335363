package dev.infertel.agent.stats;

import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.record.FlatRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Model FLOPs and bandwidth utilization of ok calls, from the model's size ({@code models:}) and the
 * GPU's peaks ({@link GpuSpecs}), summed over calls so that calls on different GPU counts weigh right:
 * <pre>
 * MFU = sum(2 x active_params x (tokens_in + tokens_out)) / sum(e2e_s x peak_flops x gpu_count)
 * MBU = sum(active_params x bytes_per_param x (tokens_out - 1)) / sum(decode_s x peak_bandwidth x gpu_count)
 * </pre>
 * A forward pass costs about 2 FLOPs per active parameter per token (prefill and decode alike); each
 * decode step after the first token reads every active weight once (batch 1: for a mixture of experts
 * only the routed experts are read). Figures are per call, as if calls ran one at a time: with
 * several calls batched on one GPU the device's true utilization is higher by the concurrency.
 *
 * <p>The sums are kept per part (model_ref, GPU name, GPU count), where model size and GPU peaks are
 * constants: tokens as whole numbers, times exactly ({@link ExactSum}); the constants are applied
 * once per part at the end. So the figures do not depend on the order of the calls, and the sums
 * ClickHouse returns per part ({@link ClickHouseMatrix#efficiency}) give the very same figures.
 */
final class Efficiency {

    /** The sums of one part. */
    private static final class Part {
        final ModelSpec model;
        final GpuSpecs.Spec spec;
        final int gpus;
        long flopTokens;
        final ExactSum e2eMs = new ExactSum();
        long decodeTokens;
        final ExactSum decodeMs = new ExactSum();

        Part(ModelSpec model, GpuSpecs.Spec spec, int gpuCount) {
            this.model = model;
            this.spec = spec;
            this.gpus = Math.max(1, gpuCount);
        }
    }

    private record PartKey(String modelRef, String gpuName, int gpuCount) {
    }

    private final Map<PartKey, Part> parts = new HashMap<>();
    private Part last;
    private String lastModel;
    private String lastGpu;
    private int lastCount;

    void add(FlatRecord r, ModelSpec model, GpuSpecs.Spec spec) {
        if (model == null || !r.gpu || r.tokensOut < 0 || spec == null) {
            return;
        }
        Part p = part(r.modelRef, r.gpuName, r.gpuCount, model, spec);
        if (r.e2eMs > 0) {
            p.flopTokens += Math.max(0, r.tokensIn) + r.tokensOut;
            p.e2eMs.add(r.e2eMs);
        }
        double decode = r.decodeTimeMs();
        if (decode > 0 && r.tokensOut >= 2) {
            p.decodeTokens += r.tokensOut - 1;
            p.decodeMs.add(decode);
        }
    }

    /**
     * The sums of {@link #add} over the calls of one part, summed elsewhere (in ClickHouse): tokens
     * in + out and e2e ms of the calls with e2e > 0, tokens out - 1 and decode ms of those with decode
     * time and at least 2 tokens out.
     */
    void addSums(String modelRef, String gpuName, int gpuCount, ModelSpec model, GpuSpecs.Spec spec, long flopTokens,
                 double e2eMs, long decodeTokens, double decodeMs) {
        if (model == null || spec == null) {
            return;
        }
        Part p = part(modelRef, gpuName, gpuCount, model, spec);
        p.flopTokens += flopTokens;
        p.e2eMs.add(e2eMs);
        p.decodeTokens += decodeTokens;
        p.decodeMs.add(decodeMs);
    }

    private Part part(String modelRef, String gpuName, int gpuCount, ModelSpec model, GpuSpecs.Spec spec) {
        // records of one part come in runs: the last part is checked before the map
        if (last != null && lastCount == gpuCount && Objects.equals(lastModel, modelRef)
                && Objects.equals(lastGpu, gpuName)) {
            return last;
        }
        Part p = parts.computeIfAbsent(new PartKey(modelRef, gpuName, gpuCount), k -> new Part(model, spec, gpuCount));
        last = p;
        lastModel = modelRef;
        lastGpu = gpuName;
        lastCount = gpuCount;
        return p;
    }

    void merge(Efficiency o) {
        o.parts.forEach((k, op) -> {
            Part p = parts.computeIfAbsent(k, x -> new Part(op.model, op.spec, k.gpuCount()));
            p.flopTokens += op.flopTokens;
            p.e2eMs.add(op.e2eMs);
            p.decodeTokens += op.decodeTokens;
            p.decodeMs.add(op.decodeMs);
        });
    }

    Double mfuPct() {
        ExactSum flops = new ExactSum();
        ExactSum capacity = new ExactSum();
        for (Part p : parts.values()) {
            double e2e = p.e2eMs.value();
            if (e2e > 0) {
                flops.add(2 * p.model.activeParamsB() * 1e9 * p.flopTokens);
                capacity.add(e2e / 1000.0 * p.spec.peakFlopsPerS() * p.gpus);
            }
        }
        double c = capacity.value();
        return c > 0 ? 100 * flops.value() / c : null;
    }

    Double mbuPct() {
        ExactSum bytes = new ExactSum();
        ExactSum capacity = new ExactSum();
        for (Part p : parts.values()) {
            double decode = p.decodeMs.value();
            if (decode > 0) {
                bytes.add(p.model.activeParamsB() * 1e9 * p.model.bytesPerParam() * p.decodeTokens);
                capacity.add(decode / 1000.0 * p.spec.memoryBytesPerS() * p.gpus);
            }
        }
        double c = capacity.value();
        return c > 0 ? 100 * bytes.value() / c : null;
    }
}
