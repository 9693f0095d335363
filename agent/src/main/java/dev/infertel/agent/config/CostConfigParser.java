package dev.infertel.agent.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code pricing:}, {@code costs:} and {@code models:} sections of the config. */
final class CostConfigParser {

    static final List<String> SECTIONS = List.of("pricing", "costs", "models");

    private static final Set<String> PRICE = new LinkedHashSet<>(List.of("input_per_million", "output_per_million", "currency"));
    private static final Set<String> COSTS = new LinkedHashSet<>(List.of("energy_price_per_kwh", "currency"));
    private static final Set<String> MODEL = new LinkedHashSet<>(List.of("params_b", "active_params_b", "bytes_per_param"));
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private CostConfigParser() {
    }

    static CostConfig costs(YamlNode pricing, YamlNode costs) throws ConfigException {
        String currency = CostConfig.DEFAULT_CURRENCY;
        Double energy = null;
        if (costs != null) {
            Map<String, YamlNode> m = costs.map(COSTS);
            if (m.containsKey("currency")) {
                currency = currency(m.get("currency"));
            }
            if (m.containsKey("energy_price_per_kwh")) {
                energy = m.get("energy_price_per_kwh").number(0);
            }
        }
        Map<String, CostConfig.Price> prices = new LinkedHashMap<>();
        if (pricing != null) {
            for (Map.Entry<String, YamlNode> e : pricing.map(null).entrySet()) {
                Map<String, YamlNode> m = e.getValue().map(PRICE);
                for (String k : List.of("input_per_million", "output_per_million")) {
                    if (!m.containsKey(k)) {
                        throw e.getValue().error("missing required key '" + k + "'");
                    }
                }
                if (m.containsKey("currency") && !currency(m.get("currency")).equals(currency)) {
                    throw m.get("currency").error("must equal costs.currency (" + currency
                            + "), so that every record has one currency");
                }
                prices.put(e.getKey(), new CostConfig.Price(m.get("input_per_million").number(0),
                        m.get("output_per_million").number(0)));
            }
        }
        return new CostConfig(prices, energy, currency);
    }

    static Map<String, ModelSpec> models(YamlNode node) throws ConfigException {
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        if (node == null) {
            return models;
        }
        for (Map.Entry<String, YamlNode> e : node.map(null).entrySet()) {
            Map<String, YamlNode> m = e.getValue().map(MODEL);
            if (!m.containsKey("params_b")) {
                throw e.getValue().error("missing required key 'params_b'");
            }
            double params = positive(m.get("params_b"));
            double active = m.containsKey("active_params_b") ? positive(m.get("active_params_b")) : params;
            if (active > params) {
                throw m.get("active_params_b").error("must not exceed params_b (" + params + ")");
            }
            double bytes = m.containsKey("bytes_per_param") ? positive(m.get("bytes_per_param"))
                    : ModelSpec.DEFAULT_BYTES_PER_PARAM;
            models.put(e.getKey(), new ModelSpec(params, active, bytes));
        }
        return models;
    }

    private static double positive(YamlNode n) throws ConfigException {
        double v = n.number(0);
        if (v <= 0) {
            throw n.error("must be more than 0");
        }
        return v;
    }

    private static String currency(YamlNode n) throws ConfigException {
        String c = n.string();
        if (!CURRENCY.matcher(c).matches()) {
            throw n.error("expected an ISO 4217 code of 3 upper-case letters (e.g. USD, EUR), got '" + c + "'");
        }
        return c;
    }
}
