package dev.infertel.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Where the telemetry contracts live on the class path: the JSON Schemas of a record and of the
 * agent's config, and their examples. Depends on nothing, so any module (or a user's tooling) can
 * read the schemas with the validator of its choice.
 */
public final class Contracts {

    public static final String RECORD_SCHEMA = "contracts/telemetry-record.schema.json";
    public static final String CONFIG_SCHEMA = "contracts/telemetry-config.schema.json";
    public static final String EXAMPLES_DIR = "contracts/examples/";

    /** Record examples: a streamed call with ITL and GPU fields, a plain call, an error, a cancel. */
    public static final List<String> RECORD_EXAMPLES = List.of(
            EXAMPLES_DIR + "record-stream-ok-gpu.json",
            EXAMPLES_DIR + "record-plain-ok.json",
            EXAMPLES_DIR + "record-error.json",
            EXAMPLES_DIR + "record-cancel.json",
            EXAMPLES_DIR + "record-joined.json");

    /** Config examples in YAML; each has a JSON twin with the same name and a .json suffix. */
    public static final List<String> CONFIG_EXAMPLES = List.of(
            EXAMPLES_DIR + "config-minimal.yaml",
            EXAMPLES_DIR + "config-full.yaml",
            EXAMPLES_DIR + "config-presets.yaml");

    /** The schema_version a record of this contract carries. */
    public static final int RECORD_SCHEMA_VERSION = 1;

    private Contracts() {
    }

    /**
     * Opens a resource of this module, e.g. {@link #RECORD_SCHEMA}; the caller closes it.
     *
     * @throws UncheckedIOException when there is no such resource
     */
    public static InputStream open(String resourcePath) {
        // Class.getResourceAsStream also works when this class sits on the boot class path.
        InputStream in = Contracts.class.getResourceAsStream("/" + resourcePath);
        if (in == null) {
            throw new UncheckedIOException(new IOException("no contracts resource '" + resourcePath + "'"));
        }
        return in;
    }

    /** The JSON twin of a YAML config example: same name, .json instead of .yaml. */
    public static String jsonTwin(String yamlResourcePath) {
        if (!yamlResourcePath.endsWith(".yaml")) {
            throw new IllegalArgumentException("not a .yaml resource: " + yamlResourcePath);
        }
        return yamlResourcePath.substring(0, yamlResourcePath.length() - ".yaml".length()) + ".json";
    }
}
