package dev.infertel.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config's {@code metadata:} labels, stamped on every record. Bounded, since every record carries
 * them: {@link #MAX_ENTRIES} entries, keys of {@link #MAX_KEY} characters, values of {@link #MAX_VALUE}.
 * Values may name environment variables ({@code ${env:NAME}}), checked when the config is read and
 * replaced when the agent starts.
 */
public final class Metadata {

    public static final int MAX_ENTRIES = 32;
    public static final int MAX_KEY = 64;
    public static final int MAX_VALUE = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0," + (MAX_KEY - 1) + "}");
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private Metadata() {
    }

    /** The labels as configured (variables not yet replaced), in file order. */
    static Map<String, String> parse(YamlNode node) throws ConfigException {
        Map<String, YamlNode> entries = node.map(null);
        if (entries.size() > MAX_ENTRIES) {
            throw node.error("at most " + MAX_ENTRIES + " labels, got " + entries.size());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
            String key = e.getKey();
            if (!KEY.matcher(key).matches()) {
                throw e.getValue().error("'" + key + "' is not a metadata key (a letter or _, then letters, digits, "
                        + "_ . or -; " + MAX_KEY + " characters at most)");
            }
            String value = e.getValue().string();
            if (value.length() > MAX_VALUE) {
                throw e.getValue().error("a value of at most " + MAX_VALUE + " characters, got " + value.length());
            }
            Matcher env = ENV.matcher(value);
            while (env.find()) {
                if (System.getenv(env.group(1)) == null) {
                    throw e.getValue().error("environment variable " + env.group(1) + " is not set");
                }
            }
            labels.put(key, value);
        }
        return labels;
    }

    /**
     * The labels with their variables replaced through {@code env}: a label whose variable is gone since
     * the config was read is left out, a value grown past {@link #MAX_VALUE} is cut; each is told to
     * {@code problems}.
     */
    public static Map<String, String> resolve(Map<String, String> labels, UnaryOperator<String> env,
                                              java.util.function.Consumer<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String value = SinkParser.resolveEnv(e.getValue(), env);
            if (value == null) {
                problems.accept("metadata." + e.getKey() + ": its environment variable is not set; the label is left out");
                continue;
            }
            if (value.length() > MAX_VALUE) {
                problems.accept("metadata." + e.getKey() + ": the value is " + value.length() + " characters; cut to "
                        + MAX_VALUE);
                value = value.substring(0, MAX_VALUE);
            }
            out.put(e.getKey(), value);
        }
        return out;
    }
}
