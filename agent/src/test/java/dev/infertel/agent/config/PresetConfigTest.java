package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.contracts.Contracts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Presets and the keys that came with them: nested, reject_on, via, chunk_when, chunk/complete paths. */
class PresetConfigTest {

    static final List<String> PRESETS = Presets.NAMES;

    @ParameterizedTest
    @FieldSource("PRESETS")
    void everyBuiltInPresetParsesAndNamesItsLibraryAndTestedVersions(String name) throws ConfigException {
        Presets.Preset preset = Presets.load(name);
        assertEquals(name, preset.name());
        assertTrue(preset.library().contains(":"), preset::library);
        assertFalse(preset.tested().isEmpty());
        assertFalse(preset.sites().isEmpty());
        for (SiteConfig site : preset.sites()) {
            assertTrue(site.name().startsWith(name.split("-")[0]), site::name);
            assertEquals(SiteConfig.VERSION_FROM_JAR, site.engineVersion(), site::name);
        }
    }

    @Test
    void presetsAllEnablesEveryPresetAndUserSitesFollow() throws ConfigException {
        AgentConfig c = ConfigParser.parse(String.join("\n",
                "presets: all",
                "instrument:",
                "  - {name: mine, class: com.acme.Client, method: call}"), "t.yaml");
        assertEquals(Presets.NAMES, c.presets());
        assertEquals("mine", c.sites().get(c.sites().size() - 1).name());
        assertTrue(c.sites().stream().anyMatch(s -> s.name().equals("openai-chat-stream")));
        assertTrue(c.sites().stream().anyMatch(s -> s.name().equals("anthropic-messages")));
        assertEquals(AgentConfig.Nested.OUTERMOST, c.nested());
    }

    @Test
    void aUserSiteNamedLikeAPresetSiteReplacesIt() throws ConfigException {
        AgentConfig c = ConfigParser.parse(String.join("\n",
                "presets: [openai-java]",
                "nested: all",
                "instrument:",
                "  - name: openai-chat",
                "    class: com.openai.services.blocking.chat.ChatCompletionServiceImpl",
                "    method: create",
                "    model: result.model"), "t.yaml");
        List<SiteConfig> chats = c.sites().stream().filter(s -> s.name().equals("openai-chat")).toList();
        assertEquals(1, chats.size());
        assertEquals("result.model", chats.get(0).model().text());
        assertEquals(AgentConfig.Nested.ALL, c.nested());
    }

    @Test
    void anUnknownPresetIsNamedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("queue: {dir: q}\npresets: [openai-java, openai]\n", "t.yaml"));
        assertEquals("t.yaml line 2: presets[1]: unknown preset 'openai' (built in: "
                + String.join(", ", Presets.NAMES) + ", or presets: all)", e.getMessage());
    }

    @Test
    void publisherViaChunkWhenAndRejectOnAreRead() throws ConfigException {
        AgentConfig c = ConfigParser.parse(String.join("\n",
                "instrument:",
                "  - name: rx",
                "    class: com.acme.Rx",
                "    method: stream",
                "    tokens_out: chunk.usage.1.count",
                "    reject_on: [com.acme.Busy, com.acme.Limited]",
                "    stream: {returns: publisher}",
                "  - name: handle",
                "    class: com.acme.Client",
                "    method: open",
                "    stream: {returns: stream, via: stream, chunk_when: chunk.choices.0}"), "t.yaml");
        SiteConfig rx = c.sites().get(0);
        assertEquals(StreamConfig.Returns.PUBLISHER, rx.stream().returns());
        assertEquals(List.of("usage", "1", "count"), rx.tokensOut().getters());
        assertEquals(List.of("com.acme.Busy", "com.acme.Limited"), rx.rejectOn());
        StreamConfig handle = c.sites().get(1).stream();
        assertEquals("stream", handle.via());
        assertEquals("chunk.choices.0", handle.chunkWhen().text());
    }

    @Test
    void aChunkPathOnAPlainSiteIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(String.join("\n",
                "instrument:",
                "  - name: plain",
                "    class: com.acme.Client",
                "    method: call",
                "    tokens_out: chunk.usage"), "t.yaml"));
        assertTrue(e.getMessage().contains("line 5: instrument[0].tokens_out: 'chunk.usage' reads a chunk, but this site has no stream"),
                e.getMessage());
    }

    @Test
    void theContractsPresetExampleParses() throws Exception {
        try (InputStream in = Contracts.open(Contracts.EXAMPLES_DIR + "config-presets.yaml")) {
            AgentConfig c = ConfigParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "example");
            assertEquals("chunk.model", c.sites().stream().filter(s -> s.name().equals("openai-chat-stream"))
                    .findFirst().orElseThrow().model().text());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
