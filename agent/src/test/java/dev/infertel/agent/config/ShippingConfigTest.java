package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShippingConfigTest {

    private static final String SINKS = String.join("\n",
            "queue: {dir: q, max_disk_mb: 64, retention: 24h}",
            "sinks:",
            "  - type: jsonl",
            "    path: out.jsonl",
            "    max_size_mb: 16",
            "    rotate_every: 1d",
            "    gzip: true",
            "    fsync: batch",
            "  - type: http",
            "    name: central",
            "    url: https://ingest.example.com/v1",
            "    format: json_array",
            "    gzip: true",
            "    headers: {Authorization: 'Bearer ${env:HOME}'}",
            "    connect_timeout_ms: 1500",
            "    read_timeout_ms: 2500",
            "    max_records: 100",
            "    max_wait_ms: 250",
            "  - type: otlp",
            "    endpoint: http://collector:4318",
            "    service_name: checkout",
            "privacy: {anonymize: true, salt: pepper}");

    @Test
    void readsEverySinkTypeAndTheQueueBounds() throws ConfigException {
        AgentConfig c = ConfigParser.parse(SINKS, "t.yaml");
        assertEquals(64L << 20, c.queue().maxDiskBytes());
        assertEquals(Duration.ofHours(24), c.queue().retention());
        SinkConfig.Jsonl j = (SinkConfig.Jsonl) c.sinks().get(0);
        assertEquals(new SinkConfig.Jsonl("jsonl-0", Path.of("out.jsonl"), 16L << 20, Duration.ofDays(1), true,
                SinkConfig.Fsync.BATCH, SinkConfig.Batching.LOCAL), j);
        SinkConfig.Http h = (SinkConfig.Http) c.sinks().get(1);
        assertEquals("central", h.name());
        assertEquals(URI.create("https://ingest.example.com/v1"), h.url());
        assertEquals(SinkConfig.Format.JSON_ARRAY, h.format());
        assertTrue(h.http().gzip());
        assertEquals("Bearer ${env:HOME}", h.http().headers().get("Authorization"), "kept unresolved in the config");
        assertEquals(Duration.ofMillis(1500), h.http().connectTimeout());
        assertEquals(Duration.ofMillis(2500), h.http().readTimeout());
        assertEquals(new SinkConfig.Batching(100, 250), h.batching());
        SinkConfig.Otlp o = (SinkConfig.Otlp) c.sinks().get(2);
        assertEquals("otlp-2", o.name());
        assertEquals("checkout", o.serviceName());
        assertEquals(URI.create("http://collector:4318/v1/logs"), o.logsUrl());
        assertEquals(SinkConfig.Batching.REMOTE, o.batching());
        assertEquals(OtlpProtocol.HTTP_PROTOBUF, o.protocol(), "protobuf unless the config says otherwise");
        assertEquals(new PrivacyConfig(true, "pepper"), c.privacy());
    }

    @Test
    void anOtlpSinkMayAskForJson() throws ConfigException {
        AgentConfig c = ConfigParser.parse("sinks:\n  - {type: otlp, endpoint: 'http://c:4318', protocol: http/json}\n",
                "t.yaml");
        assertEquals(OtlpProtocol.HTTP_JSON, ((SinkConfig.Otlp) c.sinks().get(0)).protocol());
        c = ConfigParser.parse("sinks:\n  - {type: otlp, endpoint: 'http://c:4318', protocol: http/protobuf}\n", "t.yaml");
        assertEquals(OtlpProtocol.HTTP_PROTOBUF, ((SinkConfig.Otlp) c.sinks().get(0)).protocol());
    }

    @Test
    void anUnknownOtlpProtocolIsNamedWithItsLine() {
        assertEquals("t.yaml line 3: sinks[0].protocol: expected http/protobuf or http/json, got 'json'",
                error("sinks:\n  - type: otlp\n    protocol: json\n    endpoint: http://c:4318\n"));
        assertEquals("t.yaml line 2: sinks[0].protocol: expected http/protobuf or http/json, got 'grpc'"
                + " (gRPC is not supported: use OTLP/HTTP, port 4318)",
                error("sinks:\n  - {type: otlp, endpoint: 'http://c:4318', protocol: grpc}\n"));
    }

    @Test
    void credentialsInAUrlBecomeBasicAuthAndAreNeverShown() throws ConfigException {
        AgentConfig c = ConfigParser.parse(String.join("\n",
                "sinks:",
                "  - {type: http, url: 'http://ann:s3cret@127.0.0.1:9/in?x=1'}",
                "  - {type: otlp, endpoint: 'https://ann:s3cret@collector:4318'}",
                "  - {type: http, url: 'http://ann:s3cret@127.0.0.1:9/in', headers: {authorization: 'Bearer t'}}",
                "  - {type: clickhouse, url: 'http://ann:s3cret@127.0.0.1:8123'}"), "t.yaml");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ann:s3cret".getBytes());
        SinkConfig.Http h = (SinkConfig.Http) c.sinks().get(0);
        assertEquals(URI.create("http://127.0.0.1:9/in?x=1"), h.url());
        assertEquals(basic, h.http().headers().get("Authorization"));
        SinkConfig.Otlp o = (SinkConfig.Otlp) c.sinks().get(1);
        assertEquals(URI.create("https://collector:4318/v1/logs"), o.logsUrl());
        assertEquals(basic, o.http().headers().get("Authorization"));
        SinkConfig.Http own = (SinkConfig.Http) c.sinks().get(2);
        assertEquals(Map.of("authorization", "Bearer t"), own.http().headers(), "the sink's own header wins");
        SinkConfig.ClickHouse ch = (SinkConfig.ClickHouse) c.sinks().get(3);
        assertEquals("ann", ch.user());
        assertEquals("s3cret", ch.password());
        assertEquals(URI.create("http://127.0.0.1:8123"), ch.url());
        for (SinkConfig s : c.sinks()) {
            assertFalse(s.toString().contains("s3cret"), s::toString);
        }
        ConfigException bad = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("sinks: [{type: http, url: 'ftp://ann:s3cret@host/x'}]", "t.yaml"));
        assertFalse(bad.getMessage().contains("s3cret"), bad.getMessage());
        assertTrue(bad.getMessage().contains("ftp://ann:***@host/x"), bad.getMessage());
        ConfigException broken = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("sinks: [{type: http, url: 'http://ann:s3cret@host/a b'}]", "t.yaml"));
        assertFalse(broken.getMessage().contains("s3cret"), broken.getMessage());
    }

    @Test
    void headersAreResolvedFromTheEnvironmentOnlyWhenTheSinkStarts() throws ConfigException {
        SinkConfig.Http h = (SinkConfig.Http) ConfigParser.parse(SINKS, "t.yaml").sinks().get(1);
        assertEquals(Map.of("Authorization", "Bearer abc"), h.http().resolvedHeaders(Map.of("HOME", "abc")::get));
        assertFalse(h.http().toString().contains("env:HOME"), "toString shows header names only");
    }

    @Test
    void defaultsWithoutBoundsOrPrivacy() throws ConfigException {
        AgentConfig c = ConfigParser.parse("sinks: [{type: http, url: 'http://127.0.0.1:9/x'}]", "t.yaml");
        assertFalse(c.queue().bounded());
        assertNull(c.queue().retention());
        assertFalse(c.privacy().anonymize());
        SinkConfig.Http h = (SinkConfig.Http) c.sinks().get(0);
        assertEquals(SinkConfig.Format.NDJSON, h.format());
        assertEquals(SinkConfig.HttpSettings.READ_TIMEOUT, h.http().readTimeout());
    }

    @Test
    void theEnvironmentSwitchesAnonymizationOn() {
        assertTrue(PrivacyConfig.defaults().withEnvironment("1").anonymize());
        assertFalse(PrivacyConfig.defaults().withEnvironment("0").anonymize());
        assertFalse(PrivacyConfig.defaults().withEnvironment(null).anonymize());
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, "t.yaml")).getMessage();
    }

    @Test
    void aKeyOfAnotherSinkTypeIsNamedWithItsLine() {
        assertEquals("t.yaml line 4: sinks[0].url: unknown key 'url' (known here: type, name, path, max_size_mb, "
                + "rotate_every, gzip, fsync, max_records, max_wait_ms)",
                error("sinks:\n  - type: jsonl\n    path: a.jsonl\n    url: http://x\n"));
    }

    @Test
    void wrongValuesAreNamedWithTheirLine() {
        assertEquals("t.yaml line 3: sinks[0].format: expected ndjson or json_array, got 'csv'",
                error("sinks:\n  - {type: http, url: 'http://x/y',\n     format: csv}\n"));
        assertEquals("t.yaml line 2: sinks[0].url: expected an http:// or https:// URL, got 'ftp://x/y'",
                error("sinks:\n  - {type: http, url: 'ftp://x/y'}\n"));
        assertEquals("t.yaml line 1: queue.retention: expected a duration such as 30s, 30m, 24h or 7d, got '1 day'",
                error("queue: {retention: 1 day}\n"));
        assertEquals("t.yaml line 2: sinks[0].max_records: expected a whole number, got a string 'many'",
                error("sinks:\n  - {type: otlp, endpoint: 'http://c:4318', max_records: many}\n"));
        assertEquals("t.yaml line 2: sinks[0]: missing required key 'endpoint'",
                error("sinks:\n  - {type: otlp}\n"));
        assertTrue(error("sinks:\n  - {type: kafka}\n").contains("unknown sink type 'kafka' (available: jsonl, http, otlp, clickhouse, sqlite)"));
    }

    @Test
    void anUnsetVariableInAHeaderIsAConfigError() {
        assertEquals("t.yaml line 3: sinks[0].headers.Authorization: environment variable NO_SUCH_VAR_42 is not set",
                error("sinks:\n  - type: http\n    headers: {Authorization: 'Bearer ${env:NO_SUCH_VAR_42}'}\n"
                        + "    url: http://x/y\n"));
    }
}
