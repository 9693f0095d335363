package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The labels every record carries: {@code metadata:} from the config, the resource from the environment. */
class JoinsConfigTest {

    private static AgentConfig parse(String... lines) throws ConfigException {
        return ConfigParser.parse(String.join("\n", lines), "t.yaml");
    }

    @Test
    void metadataKeepsItsOrder() throws ConfigException {
        AgentConfig c = parse("metadata:", "  team: search", "  deployment: blue", "  replicas: 3");
        assertEquals(List.of("team", "deployment", "replicas"), new ArrayList<>(c.metadata().keySet()));
        assertEquals("3", c.metadata().get("replicas"));
        assertEquals(Map.of(), parse("log: {debug: false}").metadata());
    }

    @Test
    void aBadKeyIsOneErrorNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("metadata:", "  team: a", "  \"bad key\": b"));
        assertEquals("t.yaml line 3: metadata.bad key: 'bad key' is not a metadata key (a letter or _, then letters, "
                + "digits, _ . or -; 64 characters at most)", e.getMessage());
        assertThrows(ConfigException.class, () -> parse("metadata:", "  " + "k".repeat(65) + ": v"));
    }

    @Test
    void metadataIsBounded() {
        StringBuilder many = new StringBuilder("metadata:\n");
        for (int i = 0; i <= Metadata.MAX_ENTRIES; i++) {
            many.append("  k").append(i).append(": v\n");
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(many.toString(), "t.yaml"));
        assertTrue(e.getMessage().contains("at most 32 labels, got 33"), e.getMessage());
        ConfigException longValue = assertThrows(ConfigException.class,
                () -> parse("metadata:", "  team: " + "x".repeat(Metadata.MAX_VALUE + 1)));
        assertTrue(longValue.getMessage().contains("metadata.team: a value of at most 256 characters"), longValue.getMessage());
        assertThrows(ConfigException.class, () -> parse("metadata:", "  team: [a, b]"));
    }

    @Test
    void aMissingVariableIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("metadata:", "  region: ${env:INFERTEL_TEST_SURELY_UNSET_VARIABLE}"));
        assertTrue(e.getMessage().contains("metadata.region: environment variable INFERTEL_TEST_SURELY_UNSET_VARIABLE is not set"),
                e.getMessage());
    }

    @Test
    void variablesAreReplacedAtStart() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("region", "eu-${env:ZONE}");
        labels.put("gone", "${env:GONE}");
        labels.put("long", "${env:LONG}");
        List<String> problems = new ArrayList<>();
        Map<String, String> env = Map.of("ZONE", "west-1", "LONG", "y".repeat(300));
        Map<String, String> resolved = Metadata.resolve(labels, env::get, problems::add);
        assertEquals("eu-west-1", resolved.get("region"));
        assertEquals(256, resolved.get("long").length());
        assertEquals(List.of("region", "long"), new ArrayList<>(resolved.keySet()));
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void resourceAttributesAreTheSpecFormatPercentDecoded() {
        ResourceAttributes r = ResourceAttributes.fromEnvironment(Map.of("OTEL_RESOURCE_ATTRIBUTES",
                " deployment.environment = prod ,team=a%2Cb%3Dc,note=caf%C3%A9+bar,,")::get);
        assertNull(r.problem());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("deployment.environment", "prod");
        expected.put("team", "a,b=c");
        expected.put("note", "caf\u00e9+bar");
        assertEquals(expected, r.attributes());
    }

    @Test
    void serviceNameWinsOverTheAttributes() {
        ResourceAttributes r = ResourceAttributes.fromEnvironment(Map.of("OTEL_RESOURCE_ATTRIBUTES",
                "service.name=from-list,team=x", "OTEL_SERVICE_NAME", "checkout")::get);
        assertEquals("checkout", r.attributes().get("service.name"));
        assertEquals("x", r.attributes().get("team"));
        assertEquals(Map.of("service.name", "checkout"),
                ResourceAttributes.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "checkout")::get).attributes());
        assertEquals(Map.of(), ResourceAttributes.fromEnvironment(k -> null).attributes());
    }

    /** As the specification asks: a value that cannot be read is discarded whole, and said so once. */
    @Test
    void aBrokenListIsDiscardedWhole() {
        for (String broken : List.of("team=x,oops", "=x", "team=%zz", "team=%C3", "team=x%2")) {
            ResourceAttributes r = ResourceAttributes.fromEnvironment(
                    Map.of("OTEL_RESOURCE_ATTRIBUTES", broken, "OTEL_SERVICE_NAME", "svc")::get);
            assertNotNull(r.problem(), broken);
            assertTrue(r.problem().startsWith("OTEL_RESOURCE_ATTRIBUTES is discarded: "), r.problem());
            assertEquals(Map.of("service.name", "svc"), r.attributes(), broken);
        }
    }
}
