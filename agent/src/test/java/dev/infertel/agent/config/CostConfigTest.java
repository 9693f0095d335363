package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostConfigTest {

    static final String PRICED = String.join("\n",
            "pricing:",
            "  llama-3.1-8b: {input_per_million: 0.05, output_per_million: 0.08}",
            "  gpt-4o-mini: {input_per_million: 0.15, output_per_million: 0.6, currency: EUR}",
            "costs: {energy_price_per_kwh: 0.15, currency: EUR}",
            "models:",
            "  llama-3.1-8b: {params_b: 8}",
            "  mixtral-8x7b: {params_b: 46.7, active_params_b: 12.9, bytes_per_param: 1}");

    @Test
    void readsPricesEnergyPriceAndModelSizes() throws ConfigException {
        AgentConfig c = ConfigParser.parse(PRICED, "t.yaml");
        assertEquals("EUR", c.costs().currency());
        assertEquals(new CostConfig.Price(0.05, 0.08), c.costs().prices().get("llama-3.1-8b"));
        assertEquals(0.15, c.costs().energyPricePerKwh());
        assertEquals(Map.of("llama-3.1-8b", new ModelSpec(8, 8, 2), "mixtral-8x7b", new ModelSpec(46.7, 12.9, 1)), c.models());
    }

    @Test
    void costsFollowTheContractFormulas() throws ConfigException {
        CostConfig c = ConfigParser.parse(PRICED, "t.yaml").costs();
        assertEquals(412 * 0.05 / 1e6 + 131 * 0.08 / 1e6, c.tokenCost("llama-3.1-8b", 412L, 131L), 1e-18);
        assertNull(c.tokenCost("llama-3.1-8b", null, 131L));
        assertNull(c.tokenCost("unpriced", 1L, 1L));
        assertEquals(1003.412 / 3.6e6 * 0.15, c.energyCost(1003.412), 1e-18);
        assertNull(c.energyCost(null));
    }

    @Test
    void noPricingMeansNoCosts() throws ConfigException {
        AgentConfig c = ConfigParser.parse("queue: {dir: q}", "t.yaml");
        assertTrue(c.costs().isEmpty());
        assertEquals(Map.of(), c.models());
    }

    @Test
    void mistakesNameTheKeyAndLine() {
        ConfigException currency = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("costs: {currency: usd}", "t.yaml"));
        assertTrue(currency.getMessage().startsWith("t.yaml line 1: costs.currency: expected an ISO 4217 code"), currency.getMessage());
        ConfigException mixed = assertThrows(ConfigException.class, () -> ConfigParser.parse(
                "pricing:\n  m: {input_per_million: 1, output_per_million: 2, currency: EUR}", "t.yaml"));
        assertTrue(mixed.getMessage().contains("pricing.m.currency: must equal costs.currency (USD)"), mixed.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigParser.parse(
                "pricing:\n  m: {input_per_million: 1}", "t.yaml"));
        assertTrue(missing.getMessage().contains("missing required key 'output_per_million'"), missing.getMessage());
        ConfigException active = assertThrows(ConfigException.class, () -> ConfigParser.parse(
                "models:\n  m: {params_b: 7, active_params_b: 9}", "t.yaml"));
        assertTrue(active.getMessage().contains("models.m.active_params_b: must not exceed params_b"), active.getMessage());
    }
}
