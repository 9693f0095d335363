package dev.infertel.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A destination the shipper drains the queue to. */
public sealed interface SinkConfig {

    /** Unique per config; also the name of the sink's persistent position in the queue. */
    String name();

    /** How the sink's records are grouped into batches. */
    Batching batching();

    /**
     * A batch goes out when it holds {@code maxRecords}, or when its first record has waited
     * {@code maxWaitMs} for more.
     */
    record Batching(int maxRecords, long maxWaitMs) {

        public static final Batching LOCAL = new Batching(4096, 0);
        public static final Batching REMOTE = new Batching(500, 1000);
    }

    enum Fsync { NONE, BATCH }

    /**
     * @param maxSizeBytes rotate once the file exceeds this; 0 = never by size
     * @param rotateEvery rotate after this long; null = never by time
     */
    record Jsonl(String name, Path path, long maxSizeBytes, Duration rotateEvery, boolean gzip, Fsync fsync,
                 Batching batching) implements SinkConfig {

        public Jsonl(String name, Path path) {
            this(name, path, 0, null, false, Fsync.NONE, Batching.LOCAL);
        }
    }

    /** Connection settings shared by the sinks that POST over HTTP. */
    record HttpSettings(Map<String, String> headers, boolean gzip, Duration connectTimeout, Duration readTimeout) {

        public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(5000);
        public static final Duration READ_TIMEOUT = Duration.ofMillis(10000);

        public HttpSettings {
            headers = Map.copyOf(headers);
        }

        /**
         * The headers to send, {@code ${env:NAME}} replaced by the variable's value.
         *
         * @throws IllegalStateException naming the first header whose variable is not set (never a value)
         */
        public Map<String, String> resolvedHeaders(java.util.function.UnaryOperator<String> env) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String v = SinkParser.resolveEnv(h.getValue(), env);
                if (v == null) {
                    throw new IllegalStateException("header " + h.getKey() + " names an environment variable that is not set");
                }
                out.put(h.getKey(), v);
            }
            return out;
        }

        /** Header values as configured: {@code ${env:NAME}} stays unresolved here so no secret is held in a config. */
        @Override
        public String toString() {
            return "HttpSettings[headers=" + headers.keySet() + ", gzip=" + gzip + ", connectTimeout=" + connectTimeout
                    + ", readTimeout=" + readTimeout + "]";
        }
    }

    enum Format { NDJSON, JSON_ARRAY }

    record Http(String name, URI url, Format format, HttpSettings http, Batching batching) implements SinkConfig {
    }

    /**
     * @param serviceName the {@code service.name} resource attribute
     * @param protocol the request body's encoding
     */
    record Otlp(String name, URI endpoint, String serviceName, OtlpProtocol protocol, HttpSettings http,
                Batching batching) implements SinkConfig {

        public static final String DEFAULT_SERVICE_NAME = "unknown_service:java";

        /** An http/protobuf sink, the default protocol. */
        public Otlp(String name, URI endpoint, String serviceName, HttpSettings http, Batching batching) {
            this(name, endpoint, serviceName, OtlpProtocol.HTTP_PROTOBUF, http, batching);
        }

        /** The logs URL: the endpoint as given when it names {@code /v1/logs}, else the endpoint plus it. */
        public URI logsUrl() {
            String s = endpoint.toString();
            if (s.endsWith("/v1/logs")) {
                return endpoint;
            }
            return URI.create(s.endsWith("/") ? s + "v1/logs" : s + "/v1/logs");
        }
    }

    /**
     * Batches to ClickHouse over its HTTP interface ({@code INSERT ... FORMAT JSONEachRow}) into a
     * table the sink creates (see {@code contracts/clickhouse/telemetry_records.sql}).
     *
     * @param user ClickHouse user, may be {@code ${env:NAME}}; null = the server's default user
     * @param password may be {@code ${env:NAME}}; null = none. Never logged
     * @param ttlDays days records are kept (by day partition), or null for ever
     */
    record ClickHouse(String name, URI url, String database, String table, String user, String password,
                      Integer ttlDays, HttpSettings http, Batching batching) implements SinkConfig {

        public static final Batching DEFAULT_BATCHING = new Batching(5000, 1000);

        /** The credentials as headers for the poster: values stay {@code ${env:...}} templates until the sink starts. */
        public HttpSettings httpWithCredentials() {
            Map<String, String> h = new java.util.LinkedHashMap<>(http.headers());
            if (user != null) {
                h.put("X-ClickHouse-User", user);
            }
            if (password != null) {
                h.put("X-ClickHouse-Key", password);
            }
            return new HttpSettings(h, http.gzip(), http.connectTimeout(), http.readTimeout());
        }

        @Override
        public String toString() {
            return "ClickHouse[name=" + name + ", url=" + url + ", database=" + database + ", table=" + table
                    + ", user=" + (user == null ? "default" : "(set)") + ", password=" + (password == null ? "none" : "(set)")
                    + ", ttlDays=" + ttlDays + ", " + http + ", " + batching + "]";
        }
    }

    /** Upserts each batch into a local SQLite file, one row per record ({@code record_id} the key). */
    record Sqlite(String name, Path path, Batching batching) implements SinkConfig {
    }
}
