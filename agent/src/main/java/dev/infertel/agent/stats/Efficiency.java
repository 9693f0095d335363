package dev.infertel.agent.stats;

import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.record.FlatRecord;

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
 */
final class Efficiency {

    private final ExactSum flops = new ExactSum();
    private final ExactSum flopCapacity = new ExactSum();
    private final ExactSum bytes = new ExactSum();
    private final ExactSum byteCapacity = new ExactSum();

    void add(FlatRecord r, ModelSpec model, GpuSpecs.Spec spec) {
        if (model == null || !r.gpu || r.tokensOut < 0 || spec == null) {
            return;
        }
        int gpus = Math.max(1, r.gpuCount);
        double active = model.activeParamsB() * 1e9;
        long in = Math.max(0, r.tokensIn);
        if (r.e2eMs > 0) {
            flops.add(2 * active * (in + r.tokensOut));
            flopCapacity.add(r.e2eMs / 1000.0 * spec.peakFlopsPerS() * gpus);
        }
        double decode = r.decodeTimeMs();
        if (decode > 0 && r.tokensOut >= 2) {
            bytes.add(active * model.bytesPerParam() * (r.tokensOut - 1));
            byteCapacity.add(decode / 1000.0 * spec.memoryBytesPerS() * gpus);
        }
    }

    void merge(Efficiency o) {
        flops.add(o.flops);
        flopCapacity.add(o.flopCapacity);
        bytes.add(o.bytes);
        byteCapacity.add(o.byteCapacity);
    }

    Double mfuPct() {
        double c = flopCapacity.value();
        return c > 0 ? 100 * flops.value() / c : null;
    }

    Double mbuPct() {
        double c = byteCapacity.value();
        return c > 0 ? 100 * bytes.value() / c : null;
    }
}
