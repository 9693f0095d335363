package dev.infertel.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the agent's YAML (or JSON) configuration into an {@link AgentConfig}, or says what is wrong. */
public final class ConfigParser {

    private static final Set<String> TOP = keys("queue", "instrument", "sinks", "gpu", "log", "presets", "nested",
            "pricing", "costs", "models", "privacy", "metrics", "stream", "metadata");
    private static final Set<String> STREAM_TOP = keys("max_duration");
    private static final Set<String> PRESET_TOP = keys("preset", "library", "tested", "instrument");
    private static final Set<String> QUEUE = keys("dir", "roll_cycle", "max_disk_mb", "retention");
    private static final Set<String> SITE = keys("name", "class", "method", "params", "engine", "engine_version",
            "model", "tokens_in", "tokens_out", "finish_reason", "tenant", "stream", "reject_on");
    private static final Set<String> STREAM = keys("callback", "on_chunk", "on_complete", "on_error", "returns", "via",
            "chunk_when", "iterable_class", "error_when");
    private static final Set<String> SINK_JSONL = keys("type", "name", "path", "max_size_mb", "rotate_every", "gzip",
            "fsync", "max_records", "max_wait_ms");
    private static final Set<String> SINK_HTTP = keys("type", "name", "url", "format", "gzip", "headers",
            "connect_timeout_ms", "read_timeout_ms", "max_records", "max_wait_ms");
    private static final Set<String> SINK_OTLP = keys("type", "name", "endpoint", "service_name", "protocol", "gzip", "headers",
            "connect_timeout_ms", "read_timeout_ms", "max_records", "max_wait_ms");
    private static final Set<String> SINK_CLICKHOUSE = keys("type", "name", "url", "database", "table", "user",
            "password", "ttl_days", "gzip", "headers", "connect_timeout_ms", "read_timeout_ms", "max_records",
            "max_wait_ms");
    private static final Set<String> SINK_SQLITE = keys("type", "name", "path", "max_records", "max_wait_ms");
    private static final Set<String> PRIVACY = keys("anonymize", "salt");
    private static final Set<String> GPU = keys("enabled", "library", "devices", "interval_ms", "sample_while_idle");
    private static final Set<String> LOG = keys("file", "debug");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");
    private static final Pattern METHOD_NAME = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");
    /** {@code getter=value} after an exception class in reject_on: the error's status, e.g. {@code code=429}. */
    private static final Pattern REJECT_STATUS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=[A-Za-z0-9_.-]+");
    private static final Pattern TYPE_NAME = Pattern.compile(CLASS_NAME.pattern() + "(\\[\\])*");

    private ConfigParser() {
    }

    public static AgentConfig parse(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; relative paths in it resolve against the working directory, as the JVM's do. */
    public static AgentConfig parse(String text, String source) throws ConfigException {
        Optional<Node> root;
        try (Reader reader = new StringReader(text)) {
            root = new Compose(LoadSettings.builder().setLabel(source).build()).composeReader(reader);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(source + " line " + line + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException | IOException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root.isEmpty()) {
            throw new ConfigException(source + ": the config is empty");
        }
        Map<String, YamlNode> top = new YamlNode(root.get(), "", source).map(TOP);

        QueueConfig queue = top.containsKey("queue") ? queue(top.get("queue")) : QueueConfig.defaults();
        List<SiteConfig> sites = top.containsKey("instrument") ? sites(top.get("instrument")) : List.of();
        List<SinkConfig> sinks = top.containsKey("sinks") ? sinks(top.get("sinks")) : List.of();
        GpuConfig gpu = top.containsKey("gpu") ? gpu(top.get("gpu")) : GpuConfig.defaults();
        Path logFile = null;
        boolean debug = false;
        if (top.containsKey("log")) {
            Map<String, YamlNode> log = top.get("log").map(LOG);
            if (log.containsKey("file")) {
                logFile = Path.of(log.get("file").string());
            }
            if (log.containsKey("debug")) {
                debug = log.get("debug").bool();
            }
        }
        List<String> presets = List.of();
        if (top.containsKey("presets")) {
            presets = presetNames(top.get("presets"));
            sites = Presets.merge(presets, sites);
        }
        AgentConfig.Nested nested = AgentConfig.Nested.OUTERMOST;
        if (top.containsKey("nested")) {
            YamlNode n = top.get("nested");
            nested = switch (n.string()) {
                case "outermost" -> AgentConfig.Nested.OUTERMOST;
                case "all" -> AgentConfig.Nested.ALL;
                default -> throw n.error("expected outermost or all");
            };
        }
        CostConfig costs = CostConfigParser.costs(top.get("pricing"), top.get("costs"));
        Map<String, ModelSpec> models = CostConfigParser.models(top.get("models"));
        PrivacyConfig privacy = top.containsKey("privacy") ? privacy(top.get("privacy")) : PrivacyConfig.defaults();
        MetricsConfig metrics = MetricsParser.parseOrOff(top.get("metrics"));
        java.time.Duration maxStreamDuration = null;
        if (top.containsKey("stream")) {
            Map<String, YamlNode> stream = top.get("stream").map(STREAM_TOP);
            if (stream.containsKey("max_duration")) {
                maxStreamDuration = duration(stream.get("max_duration"));
            }
        }
        Map<String, String> metadata = top.containsKey("metadata") ? Metadata.parse(top.get("metadata")) : Map.of();
        return new AgentConfig(queue, sites, sinks, gpu, logFile, debug, source, presets, nested, costs, models, privacy,
                metrics, maxStreamDuration, metadata);
    }

    /** {@code presets: all} or a list of built-in preset names. */
    private static List<String> presetNames(YamlNode node) throws ConfigException {
        if (!node.isList() && node.string().equals("all")) {
            return Presets.NAMES;
        }
        List<String> names = new ArrayList<>();
        for (YamlNode item : node.list()) {
            String name = item.string();
            if (!Presets.NAMES.contains(name)) {
                throw item.error("unknown preset '" + name + "' (built in: " + String.join(", ", Presets.NAMES)
                        + ", or presets: all)");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** A built-in preset file: a header saying what it covers, and an {@code instrument} list as users write it. */
    static Presets.Preset parsePreset(String text, String source) throws ConfigException {
        Optional<Node> root;
        try (Reader reader = new StringReader(text)) {
            root = new Compose(LoadSettings.builder().setLabel(source).build()).composeReader(reader);
        } catch (YamlEngineException | IOException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root.isEmpty()) {
            throw new ConfigException(source + ": the preset is empty");
        }
        YamlNode rootNode = new YamlNode(root.get(), "", source);
        Map<String, YamlNode> top = rootNode.map(PRESET_TOP);
        return new Presets.Preset(required(rootNode, top, "preset").string(), required(rootNode, top, "library").string(),
                top.containsKey("tested") ? List.copyOf(top.get("tested").strings()) : List.of(),
                sites(required(rootNode, top, "instrument")));
    }

    private static QueueConfig queue(YamlNode node) throws ConfigException {
        Map<String, YamlNode> m = node.map(QUEUE);
        Path dir = m.containsKey("dir") ? Path.of(m.get("dir").string()) : QueueConfig.DEFAULT_DIR;
        QueueConfig.RollCycle cycle = QueueConfig.RollCycle.HOURLY;
        if (m.containsKey("roll_cycle")) {
            YamlNode c = m.get("roll_cycle");
            cycle = switch (c.string()) {
                case "five_minutely" -> QueueConfig.RollCycle.FIVE_MINUTELY;
                case "hourly" -> QueueConfig.RollCycle.HOURLY;
                case "daily" -> QueueConfig.RollCycle.DAILY;
                default -> throw c.error("expected five_minutely, hourly or daily");
            };
        }
        long maxDisk = m.containsKey("max_disk_mb") ? m.get("max_disk_mb").integer(1, 1L << 30) << 20 : 0;
        Duration retention = m.containsKey("retention") ? duration(m.get("retention")) : null;
        return new QueueConfig(dir, cycle, maxDisk, retention);
    }

    private static PrivacyConfig privacy(YamlNode node) throws ConfigException {
        Map<String, YamlNode> m = node.map(PRIVACY);
        boolean anonymize = m.containsKey("anonymize") && m.get("anonymize").bool();
        String salt = m.containsKey("salt") ? m.get("salt").string() : null;
        return new PrivacyConfig(anonymize, salt);
    }

    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    /** {@code 30s}, {@code 30m}, {@code 24h}, {@code 7d}. */
    static Duration duration(YamlNode node) throws ConfigException {
        String text = node.string();
        java.util.regex.Matcher d = DURATION.matcher(text);
        if (!d.matches()) {
            throw node.error("expected a duration such as 30s, 30m, 24h or 7d, got '" + text + "'");
        }
        long n = Long.parseLong(d.group(1));
        return switch (d.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static List<SiteConfig> sites(YamlNode node) throws ConfigException {
        List<SiteConfig> sites = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : node.list()) {
            SiteConfig site = site(item);
            if (!names.add(site.name())) {
                throw item.error("two sites are named '" + site.name() + "'; names must be unique");
            }
            sites.add(site);
        }
        return sites;
    }

    private static SiteConfig site(YamlNode node) throws ConfigException {
        Map<String, YamlNode> m = node.map(SITE);
        String name = required(node, m, "name").string();
        String className = required(node, m, "class").string();
        if (!CLASS_NAME.matcher(className).matches()) {
            throw m.get("class").error("'" + className + "' is not a fully-qualified class name");
        }
        String method = required(node, m, "method").string();
        if (!METHOD_NAME.matcher(method).matches()) {
            throw m.get("method").error("'" + method + "' is not a method name");
        }
        List<String> params = null;
        if (m.containsKey("params")) {
            params = new ArrayList<>();
            for (YamlNode p : m.get("params").list()) {
                String type = p.string();
                if (!TYPE_NAME.matcher(type).matches()) {
                    throw p.error("'" + type + "' is not a type name (use e.g. java.lang.String, int, byte[])");
                }
                params.add(type);
            }
            params = List.copyOf(params);
        }
        String engine = m.containsKey("engine") ? m.get("engine").string() : null;
        String engineVersion = m.containsKey("engine_version") ? m.get("engine_version").string() : null;
        StreamConfig stream = m.containsKey("stream") ? stream(m.get("stream")) : null;
        List<String> rejectOn = List.of();
        if (m.containsKey("reject_on")) {
            YamlNode r = m.get("reject_on");
            rejectOn = List.copyOf(r.strings());
            for (String type : rejectOn) {
                int at = type.indexOf('@');
                if (!CLASS_NAME.matcher(at < 0 ? type : type.substring(0, at)).matches()
                        || (at >= 0 && !REJECT_STATUS.matcher(type.substring(at + 1)).matches())) {
                    throw r.error("'" + type + "' is not a fully-qualified exception class name, optionally with "
                            + "@getter=value (e.g. com.google.genai.errors.ApiException@code=429)");
                }
            }
        }
        SiteConfig site = new SiteConfig(name, className, method, params, engine, engineVersion,
                path(m.get("model")), path(m.get("tokens_in")), path(m.get("tokens_out")),
                path(m.get("finish_reason")), path(m.get("tenant")), stream, node.line(), rejectOn);
        checkRoots(site, m);
        return site;
    }

    /** {@code chunk} paths need a stream; {@code complete_argN} paths need a completion with arguments. */
    private static void checkRoots(SiteConfig site, Map<String, YamlNode> m) throws ConfigException {
        StreamConfig stream = site.stream();
        for (String key : List.of("model", "tokens_in", "tokens_out", "finish_reason", "tenant")) {
            ValuePath p = path(m.get(key));
            if (p == null) {
                continue;
            }
            if (p.root() == ValuePath.Root.CHUNK && stream == null) {
                throw m.get(key).error("'" + p + "' reads a chunk, but this site has no stream");
            }
            if (p.root() == ValuePath.Root.COMPLETE_ARG && (stream == null || !(stream.viaCallback()
                    || stream.returns() == StreamConfig.Returns.FUTURE))) {
                throw m.get(key).error("'" + p + "' reads the completion's arguments: it needs a callback stream "
                        + "(on_complete) or returns: future");
            }
        }
    }

    private static StreamConfig stream(YamlNode node) throws ConfigException {
        Map<String, YamlNode> m = node.map(STREAM);
        String via = null;
        if (m.containsKey("via")) {
            via = m.get("via").string();
            if (!METHOD_NAME.matcher(via).matches()) {
                throw m.get("via").error("'" + via + "' is not a method name");
            }
        }
        ValuePath chunkWhen = path(m.get("chunk_when"));
        if (chunkWhen != null && chunkWhen.root() != ValuePath.Root.CHUNK) {
            throw m.get("chunk_when").error("chunk_when reads the element: it starts with 'chunk', e.g. chunk.choices.0");
        }
        ValuePath errorWhen = path(m.get("error_when"));
        if (errorWhen != null && errorWhen.root() != ValuePath.Root.CHUNK) {
            throw m.get("error_when").error("error_when reads the element: it starts with 'chunk', e.g. chunk.error");
        }
        boolean callback = m.containsKey("callback");
        boolean returns = m.containsKey("returns");
        if (callback == returns) {
            throw node.error("give either 'callback' (with on_chunk) or 'returns'");
        }
        if (returns) {
            for (String k : List.of("on_chunk", "on_complete", "on_error")) {
                if (m.containsKey(k)) {
                    throw m.get(k).error("'" + k + "' belongs to a callback stream, not to 'returns'");
                }
            }
            YamlNode r = m.get("returns");
            StreamConfig.Returns kind;
            try {
                kind = StreamConfig.Returns.valueOf(r.string().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw r.error("expected iterator, stream, future, publisher or iterable, got '" + r.string() + "'");
            }
            if (via != null && kind == StreamConfig.Returns.FUTURE) {
                throw r.error("'via' with returns: future is not supported; give returns: future alone");
            }
            String iterable = iterableClass(m);
            if (kind == StreamConfig.Returns.ITERABLE && iterable == null) {
                throw node.error("returns: iterable needs 'iterable_class': the returned class whose iterator() gives "
                        + "the chunks (e.g. com.google.genai.ResponseStream)");
            }
            if (iterable != null && kind != StreamConfig.Returns.ITERABLE && kind != StreamConfig.Returns.FUTURE) {
                throw m.get("iterable_class").error("iterable_class goes with returns: iterable, or returns: future "
                        + "(the future's value is the iterable)");
            }
            if (iterable != null && via != null) {
                throw m.get("via").error("'via' and 'iterable_class' do not go together");
            }
            return new StreamConfig(-1, List.of(), List.of(), List.of(), kind, via, chunkWhen, iterable, errorWhen);
        }
        if (m.containsKey("iterable_class")) {
            throw m.get("iterable_class").error("iterable_class belongs to 'returns', not to a callback stream");
        }
        ValuePath cb = path(m.get("callback"));
        if (cb.root() != ValuePath.Root.ARG || !cb.getters().isEmpty()) {
            throw m.get("callback").error("the callback must be an argument: arg0..argN");
        }
        if (!m.containsKey("on_chunk")) {
            throw node.error("a callback stream needs 'on_chunk': the callback's method(s) called per chunk");
        }
        return new StreamConfig(cb.index(), methodNames(m.get("on_chunk")),
                m.containsKey("on_complete") ? methodNames(m.get("on_complete")) : List.of(),
                m.containsKey("on_error") ? methodNames(m.get("on_error")) : List.of(), null, via, chunkWhen, null,
                errorWhen);
    }

    private static String iterableClass(Map<String, YamlNode> m) throws ConfigException {
        if (!m.containsKey("iterable_class")) {
            return null;
        }
        String name = m.get("iterable_class").string();
        if (!CLASS_NAME.matcher(name).matches()) {
            throw m.get("iterable_class").error("'" + name + "' is not a fully-qualified class name");
        }
        return name;
    }

    private static List<String> methodNames(YamlNode node) throws ConfigException {
        List<String> names = node.strings();
        for (String n : names) {
            if (!METHOD_NAME.matcher(n).matches()) {
                throw node.error("'" + n + "' is not a method name");
            }
        }
        return List.copyOf(names);
    }

    private static List<SinkConfig> sinks(YamlNode node) throws ConfigException {
        List<SinkConfig> sinks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : node.list()) {
            Map<String, YamlNode> m = item.map(null);
            String type = required(item, m, "type").string();
            SinkConfig sink;
            String name = m.containsKey("name") ? m.get("name").string() : type + "-" + sinks.size();
            sink = switch (type) {
                case "jsonl" -> SinkParser.jsonl(name, item, item.map(SINK_JSONL));
                case "http" -> SinkParser.http(name, item, item.map(SINK_HTTP));
                case "otlp" -> SinkParser.otlp(name, item, item.map(SINK_OTLP));
                case "clickhouse" -> SinkParser.clickhouse(name, item, item.map(SINK_CLICKHOUSE));
                case "sqlite" -> SinkParser.sqlite(name, item, item.map(SINK_SQLITE));
                default -> throw m.get("type").error("unknown sink type '" + type
                        + "' (available: jsonl, http, otlp, clickhouse, sqlite)");
            };
            if (!sink.name().matches("[A-Za-z0-9_-]+")) {
                throw item.error("sink name '" + sink.name() + "' may use letters, digits, '-' and '_' only");
            }
            if (!names.add(sink.name())) {
                throw item.error("two sinks are named '" + sink.name() + "'");
            }
            sinks.add(sink);
        }
        return sinks;
    }

    private static GpuConfig gpu(YamlNode node) throws ConfigException {
        Map<String, YamlNode> m = node.map(GPU);
        GpuConfig d = GpuConfig.defaults();
        boolean enabled = m.containsKey("enabled") ? m.get("enabled").bool() : d.enabled();
        Path library = m.containsKey("library") ? Path.of(m.get("library").string()) : null;
        List<Integer> devices = null;
        if (m.containsKey("devices")) {
            YamlNode dev = m.get("devices");
            if (!dev.isList()) {
                if (!dev.string().equals("all")) {
                    throw dev.error("expected 'all' or a list of device indices");
                }
            } else {
                devices = new ArrayList<>();
                for (YamlNode i : dev.list()) {
                    devices.add((int) i.integer(0, 1023));
                }
                devices = List.copyOf(devices);
            }
        }
        int interval = m.containsKey("interval_ms") ? (int) m.get("interval_ms").integer(1, 60_000) : d.intervalMs();
        boolean whileIdle = m.containsKey("sample_while_idle") ? m.get("sample_while_idle").bool() : d.sampleWhileIdle();
        return new GpuConfig(enabled, library, devices, interval, whileIdle);
    }

    private static ValuePath path(YamlNode node) throws ConfigException {
        if (node == null) {
            return null;
        }
        try {
            if (node.isList()) {
                List<ValuePath> alternatives = new ArrayList<>();
                for (YamlNode item : node.list()) {
                    alternatives.add(ValuePath.parse(item.string()));
                }
                if (alternatives.isEmpty()) {
                    throw node.error("an empty list of value paths");
                }
                return ValuePath.firstOf(alternatives);
            }
            return ValuePath.parse(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    static YamlNode required(YamlNode parent, Map<String, YamlNode> m, String key) throws ConfigException {
        YamlNode v = m.get(key);
        if (v == null || v.isNull()) {
            throw parent.error("missing required key '" + key + "'");
        }
        return v;
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
