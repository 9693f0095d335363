package dev.infertel.agent.config;

import java.util.Map;

/**
 * Prices that turn a record's tokens and energy into money: {@code pricing:} (per model_ref, per
 * million input and output tokens) and {@code costs:} (energy price per kWh, and the one currency of
 * every price, so that a record has one currency).
 */
public record CostConfig(Map<String, Price> prices, Double energyPricePerKwh, String currency) {

    public static final String DEFAULT_CURRENCY = "USD";
    public static final CostConfig NONE = new CostConfig(Map.of(), null, DEFAULT_CURRENCY);

    /** Joules in one kilowatt-hour. */
    public static final double JOULES_PER_KWH = 3.6e6;

    public CostConfig {
        prices = Map.copyOf(prices);
    }

    /** Prices of one model, per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {
    }

    public boolean isEmpty() {
        return prices.isEmpty() && energyPricePerKwh == null;
    }

    /** tokensIn x input price / 1e6 + tokensOut x output price / 1e6; null without a price or a count. */
    public Double tokenCost(String model, Long tokensIn, Long tokensOut) {
        Price p = model == null ? null : prices.get(model);
        if (p == null || tokensIn == null || tokensOut == null) {
            return null;
        }
        return tokensIn * p.inputPerMillion() / 1e6 + tokensOut * p.outputPerMillion() / 1e6;
    }

    /** energyJ / 3.6e6 x price per kWh; null without an energy price or energy. */
    public Double energyCost(Double energyJ) {
        return energyJ == null || energyPricePerKwh == null ? null : energyJ / JOULES_PER_KWH * energyPricePerKwh;
    }
}
