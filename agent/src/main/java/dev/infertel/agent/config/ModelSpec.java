package dev.infertel.agent.config;

/**
 * Size of one model ({@code models:} in the config), for FLOPs and bytes per token.
 *
 * @param paramsB total parameters, billions
 * @param activeParamsB parameters active per token (mixture of experts), billions; = paramsB for dense models
 * @param bytesPerParam bytes per weight as served (2 for BF16/FP16, 1 for FP8/INT8)
 */
public record ModelSpec(double paramsB, double activeParamsB, double bytesPerParam) {

    public static final double DEFAULT_BYTES_PER_PARAM = 2.0;
}
