package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    private static final String FULL = String.join("\n",
            "queue:",
            "  dir: ./q",
            "  roll_cycle: daily",
            "instrument:",
            "  - name: acme-stream",
            "    class: com.acme.llm.Client",
            "    method: stream",
            "    params: [java.lang.String, com.acme.llm.Client$Listener]",
            "    engine: acme",
            "    model: arg0.model",
            "    tokens_out: result.usage.outputTokens",
            "    stream:",
            "      callback: arg1",
            "      on_chunk: [onToken]",
            "      on_complete: onDone",
            "      on_error: [onError]",
            "  - name: acme-iter",
            "    class: com.acme.llm.Client",
            "    method: iterate",
            "    stream: {returns: iterator}",
            "sinks:",
            "  - type: jsonl",
            "    path: out.jsonl",
            "gpu: {devices: [0, 2], interval_ms: 50, sample_while_idle: true}",
            "log: {debug: true}");

    @Test
    void readsTheDocumentedShape() throws ConfigException {
        AgentConfig c = ConfigParser.parse(FULL, "t.yaml");
        assertEquals(Path.of("./q"), c.queue().dir());
        assertEquals(QueueConfig.RollCycle.DAILY, c.queue().rollCycle());
        SiteConfig s = c.sites().get(0);
        assertEquals("acme-stream", s.name());
        assertEquals(List.of("java.lang.String", "com.acme.llm.Client$Listener"), s.params());
        assertEquals(ValuePath.Root.ARG, s.model().root());
        assertEquals(List.of("model"), s.model().getters());
        assertEquals(ValuePath.Root.RESULT, s.tokensOut().root());
        assertEquals(1, s.stream().callbackArg());
        assertEquals(List.of("onDone"), s.stream().onComplete());
        assertEquals(StreamConfig.Returns.ITERATOR, c.sites().get(1).stream().returns());
        assertNull(c.sites().get(1).model());
        assertEquals(new SinkConfig.Jsonl("jsonl-0", Path.of("out.jsonl")), c.sinks().get(0));
        assertEquals(List.of(0, 2), c.gpu().devices());
        assertEquals(50, c.gpu().intervalMs());
        assertTrue(c.gpu().sampleWhileIdle());
        assertFalse(GpuConfig.defaults().sampleWhileIdle(), "by default the sampler sleeps while idle");
        assertTrue(c.debug());
    }

    @Test
    void jsonIsAcceptedAsYaml() throws ConfigException {
        AgentConfig c = ConfigParser.parse("{\"instrument\": [{\"name\": \"a\", \"class\": \"x.Y\", \"method\": \"m\"}]}", "t.json");
        assertEquals("x.Y", c.sites().get(0).className());
        assertEquals(QueueConfig.defaults(), c.queue());
    }

    @Test
    void unknownKeyIsNamedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("queue:\n  dir: q\ninstrumnet: []\n", "t.yaml"));
        // other sections may follow the core ones in the list
        assertTrue(e.getMessage().startsWith(
                "t.yaml line 3: instrumnet: unknown key 'instrumnet' (known here: queue, instrument, sinks, gpu, log"),
                e.getMessage());
    }

    @Test
    void wrongTypeIsNamedWithPathAndLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("instrument:\n  - name: a\n    class: x.Y\n    method: m\n    stream:\n      callback: arg1\n      on_chunk: {a: 1}\n", "t.yaml"));
        assertEquals("t.yaml line 7: instrument[0].stream.on_chunk: expected a list, got a map", e.getMessage());
    }

    @Test
    void missingClassIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("instrument:\n  - name: a\n    method: m\n", "t.yaml"));
        assertEquals("t.yaml line 2: instrument[0]: missing required key 'class'", e.getMessage());
    }

    @Test
    void yamlSyntaxErrorGivesLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("queue:\n  dir: [unclosed\n", "t.yaml"));
        assertTrue(e.getMessage().startsWith("t.yaml line "), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void badValuePathIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("instrument:\n  - {name: a, class: x.Y, method: m, model: argument0}\n", "t.yaml"));
        assertTrue(e.getMessage().contains("'argument0' is not a value path"), e.getMessage());
    }

    @Test
    void streamNeedsExactlyOneShape() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(
                "instrument:\n  - {name: a, class: x.Y, method: m, stream: {callback: arg0, on_chunk: [t], returns: iterator}}\n", "t.yaml"));
        assertTrue(e.getMessage().contains("either 'callback'"), e.getMessage());
    }

    @Test
    void duplicateSiteNamesAreRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(
                "instrument:\n  - {name: a, class: x.Y, method: m}\n  - {name: a, class: x.Z, method: m}\n", "t.yaml"));
        assertTrue(e.getMessage().contains("two sites are named 'a'"), e.getMessage());
    }
}
