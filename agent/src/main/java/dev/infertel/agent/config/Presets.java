package dev.infertel.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in presets: config files inside the agent jar ({@code dev/infertel/agent/presets/NAME.yaml}),
 * written in the same {@code instrument:} syntax users write, so users can read and copy them. A preset
 * whose library is absent costs nothing: its sites simply never match.
 */
public final class Presets {

    /** Every built-in preset, in the order their sites are listed. */
    public static final List<String> NAMES = List.of("openai-java", "anthropic-java", "langchain4j", "spring-ai",
            "google-genai", "ollama4j");

    private static final String FOLDER = "dev/infertel/agent/presets/";

    /** One preset file: its name, the library it covers (group:artifact), the versions it was tested with. */
    public record Preset(String name, String library, List<String> tested, List<SiteConfig> sites) {
    }

    private Presets() {
    }

    public static Preset load(String name) throws ConfigException {
        String resource = FOLDER + name + ".yaml";
        try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("built-in preset '" + name + "' is missing from the agent jar (" + resource + ")");
            }
            Preset preset = ConfigParser.parsePreset(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "preset " + name);
            if (!preset.name().equals(name)) {
                throw new ConfigException("preset file " + resource + " names itself '" + preset.name() + "'");
            }
            return preset;
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in preset " + resource + ": " + e.getMessage());
        }
    }

    /**
     * The presets' sites followed by the user's; a user site with the name of a preset site replaces it
     * (to change what a preset reads without copying the whole preset).
     */
    static List<SiteConfig> merge(List<String> presetNames, List<SiteConfig> userSites) throws ConfigException {
        Map<String, SiteConfig> byName = new LinkedHashMap<>();
        for (String name : presetNames) {
            for (SiteConfig site : load(name).sites()) {
                byName.put(site.name(), site);
            }
        }
        List<SiteConfig> user = new ArrayList<>();
        for (SiteConfig site : userSites) {
            if (byName.containsKey(site.name())) {
                byName.put(site.name(), site);
            } else {
                user.add(site);
            }
        }
        List<SiteConfig> all = new ArrayList<>(byName.values());
        all.addAll(user);
        return List.copyOf(all);
    }
}
