package dev.infertel.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The per-type keys of one {@code sinks} entry; the entry's own keys were already checked. */
final class SinkParser {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private SinkParser() {
    }

    static SinkConfig.Jsonl jsonl(String name, YamlNode item, Map<String, YamlNode> m) throws ConfigException {
        YamlNode pathNode = ConfigParser.required(item, m, "path");
        long maxSize = m.containsKey("max_size_mb") ? m.get("max_size_mb").integer(1, 1L << 30) << 20 : 0;
        Duration every = m.containsKey("rotate_every") ? ConfigParser.duration(m.get("rotate_every")) : null;
        boolean gzip = m.containsKey("gzip") && m.get("gzip").bool();
        SinkConfig.Fsync fsync = SinkConfig.Fsync.NONE;
        if (m.containsKey("fsync")) {
            YamlNode f = m.get("fsync");
            fsync = switch (f.string()) {
                case "none" -> SinkConfig.Fsync.NONE;
                case "batch" -> SinkConfig.Fsync.BATCH;
                default -> throw f.error("expected none or batch, got '" + f.string() + "'");
            };
        }
        return new SinkConfig.Jsonl(name, Path.of(pathNode.string()), maxSize, every, gzip, fsync,
                batching(m, SinkConfig.Batching.LOCAL));
    }

    static SinkConfig.Http http(String name, YamlNode item, Map<String, YamlNode> m) throws ConfigException {
        YamlNode urlNode = ConfigParser.required(item, m, "url");
        URI url = withoutUserInfo(url(urlNode));
        SinkConfig.Format format = SinkConfig.Format.NDJSON;
        if (m.containsKey("format")) {
            YamlNode f = m.get("format");
            format = switch (f.string()) {
                case "ndjson" -> SinkConfig.Format.NDJSON;
                case "json_array" -> SinkConfig.Format.JSON_ARRAY;
                default -> throw f.error("expected ndjson or json_array, got '" + f.string() + "'");
            };
        }
        return new SinkConfig.Http(name, url, format, withBasicAuth(settings(m), url(urlNode)),
                batching(m, SinkConfig.Batching.REMOTE));
    }

    static SinkConfig.Otlp otlp(String name, YamlNode item, Map<String, YamlNode> m) throws ConfigException {
        YamlNode endpointNode = ConfigParser.required(item, m, "endpoint");
        URI endpoint = withoutUserInfo(url(endpointNode));
        String service = m.containsKey("service_name") ? m.get("service_name").string()
                : SinkConfig.Otlp.DEFAULT_SERVICE_NAME;
        return new SinkConfig.Otlp(name, endpoint, service, OtlpProtocol.parse(m),
                withBasicAuth(settings(m), url(endpointNode)), batching(m, SinkConfig.Batching.REMOTE));
    }

    static SinkConfig.ClickHouse clickhouse(String name, YamlNode item, Map<String, YamlNode> m) throws ConfigException {
        URI given = url(ConfigParser.required(item, m, "url"));
        URI url = withoutUserInfo(given);
        String[] userInfo = userInfo(given);
        String database = m.containsKey("database") ? identifier(m.get("database")) : "telemetry";
        String table = m.containsKey("table") ? identifier(m.get("table")) : "records";
        String user = m.containsKey("user") ? envChecked(m.get("user")) : userInfo == null ? null : userInfo[0];
        String password = m.containsKey("password") ? envChecked(m.get("password"))
                : userInfo == null ? null : userInfo[1];
        Integer ttl = m.containsKey("ttl_days") ? (int) m.get("ttl_days").integer(1, 36_500) : null;
        return new SinkConfig.ClickHouse(name, url, database, table, user, password, ttl, settings(m),
                batching(m, SinkConfig.ClickHouse.DEFAULT_BATCHING));
    }

    static SinkConfig.Sqlite sqlite(String name, YamlNode item, Map<String, YamlNode> m) throws ConfigException {
        YamlNode pathNode = ConfigParser.required(item, m, "path");
        return new SinkConfig.Sqlite(name, Path.of(pathNode.string()), batching(m, SinkConfig.Batching.LOCAL));
    }

    private static String identifier(YamlNode node) throws ConfigException {
        String v = node.string();
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw node.error("'" + v + "' is not a ClickHouse identifier (letters, digits and _)");
        }
        return v;
    }

    /** A value that may name environment variables: each must be set now (resolved when the sink starts). */
    private static String envChecked(YamlNode node) throws ConfigException {
        String value = node.string();
        Matcher env = ENV.matcher(value);
        while (env.find()) {
            if (System.getenv(env.group(1)) == null) {
                throw node.error("environment variable " + env.group(1) + " is not set");
            }
        }
        return value;
    }

    static URI url(YamlNode node) throws ConfigException {
        String text = node.string();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw node.error("expected an http:// or https:// URL, got '" + redacted(text) + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw node.error("not a URL: '" + redacted(text) + "' (" + e.getReason() + ")");
        }
    }

    /**
     * A URL as it may be logged: the password of {@code user:password@} replaced by {@code ***}. Sinks keep
     * their URLs without user info (it becomes a header), so only config errors echo what was typed.
     */
    public static String redacted(String url) {
        return url.replaceAll("(://[^/@:\\s]*):[^/@\\s]*@", "$1:***@");
    }

    /** The URL without {@code user:password@}: what the sink requests, logs and shows. */
    static URI withoutUserInfo(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null) {
            return uri;
        }
        String text = uri.toString();
        int start = text.indexOf("://") + 3;
        return URI.create(text.substring(0, start) + text.substring(start + info.length() + 1));
    }

    /** {@code [user, password]} of a URL's user info, percent-decoded; null without one. */
    private static String[] userInfo(URI uri) {
        String info = uri.getUserInfo();
        if (info == null) {
            return null;
        }
        int colon = info.indexOf(':');
        return colon < 0 ? new String[] {info, ""} : new String[] {info.substring(0, colon), info.substring(colon + 1)};
    }

    /**
     * Credentials in the URL are sent as HTTP Basic authentication (as curl does), unless the sink's
     * headers set {@code Authorization} themselves.
     */
    static SinkConfig.HttpSettings withBasicAuth(SinkConfig.HttpSettings settings, URI given) {
        String[] info = userInfo(given);
        if (info == null || settings.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
            return settings;
        }
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        headers.put("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                (info[0] + ":" + info[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new SinkConfig.HttpSettings(headers, settings.gzip(), settings.connectTimeout(), settings.readTimeout());
    }

    static SinkConfig.HttpSettings settings(Map<String, YamlNode> m) throws ConfigException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.containsKey("headers")) {
            for (Map.Entry<String, YamlNode> h : m.get("headers").map(null).entrySet()) {
                if (!HEADER_NAME.matcher(h.getKey()).matches()) {
                    throw h.getValue().error("'" + h.getKey() + "' is not an HTTP header name");
                }
                String value = h.getValue().string();
                // checked now so a missing variable is a config error with its line; resolved when the sink starts
                Matcher env = ENV.matcher(value);
                while (env.find()) {
                    if (System.getenv(env.group(1)) == null) {
                        throw h.getValue().error("environment variable " + env.group(1) + " is not set");
                    }
                }
                headers.put(h.getKey(), value);
            }
        }
        boolean gzip = m.containsKey("gzip") && m.get("gzip").bool();
        Duration connect = m.containsKey("connect_timeout_ms")
                ? Duration.ofMillis(m.get("connect_timeout_ms").integer(1, 3_600_000))
                : SinkConfig.HttpSettings.CONNECT_TIMEOUT;
        Duration read = m.containsKey("read_timeout_ms")
                ? Duration.ofMillis(m.get("read_timeout_ms").integer(1, 3_600_000))
                : SinkConfig.HttpSettings.READ_TIMEOUT;
        return new SinkConfig.HttpSettings(headers, gzip, connect, read);
    }

    /** Replaces each {@code ${env:NAME}} by the variable's value; null when one is not set. */
    static String resolveEnv(String template, java.util.function.UnaryOperator<String> env) {
        Matcher m = ENV.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static SinkConfig.Batching batching(Map<String, YamlNode> m, SinkConfig.Batching d) throws ConfigException {
        int max = m.containsKey("max_records") ? (int) m.get("max_records").integer(1, 1_000_000) : d.maxRecords();
        long wait = m.containsKey("max_wait_ms") ? m.get("max_wait_ms").integer(0, 3_600_000) : d.maxWaitMs();
        return new SinkConfig.Batching(max, wait);
    }
}
