package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The metrics: block; a mistake in it turns only metrics off, with one line naming file, line and key. */
class MetricsConfigTest {

    private static final String QUEUE = "queue:\n  dir: target/q\n";

    private static AgentConfig parse(String metrics) throws ConfigException {
        return ConfigParser.parse(QUEUE + metrics, "t.yaml");
    }

    @Test
    void prometheusDefaultsToLoopbackAndAThousandSeries() throws ConfigException {
        MetricsConfig m = parse("metrics:\n  prometheus:\n    port: 9464\n").metrics();
        assertTrue(m.enabled());
        assertEquals(new MetricsConfig.Prometheus("127.0.0.1", 9464), m.prometheus());
        assertEquals(1000, m.maxSeries());
        assertFalse(m.tenant());
    }

    @Test
    void everySettingIsRead() throws ConfigException {
        MetricsConfig m = parse("metrics:\n  prometheus: {host: 0.0.0.0, port: 0}\n  max_series: 5\n  tenant: true\n")
                .metrics();
        assertEquals(new MetricsConfig(new MetricsConfig.Prometheus("0.0.0.0", 0), 5, true,
                null), m);
    }

    @Test
    void otlpAloneTurnsMetricsOnWithItsDefaults() throws ConfigException {
        MetricsConfig m = parse("metrics:\n  otlp:\n    endpoint: http://collector:4318\n").metrics();
        assertTrue(m.enabled());
        assertNull(m.prometheus());
        MetricsConfig.Otlp o = m.otlp();
        assertEquals("http://collector:4318/v1/metrics", o.metricsUrl().toString());
        assertEquals(60_000, o.intervalMs());
        assertEquals(MetricsConfig.Temporality.CUMULATIVE, o.temporality());
        assertEquals(OtlpProtocol.HTTP_PROTOBUF, o.protocol());
        assertEquals("unknown_service:java", o.serviceName());
    }

    @Test
    void everyOtlpSettingIsRead() throws ConfigException {
        MetricsConfig.Otlp o = parse("metrics:\n  prometheus: {port: 0}\n  otlp:\n"
                + "    endpoint: 'https://ann:pw@c:4318/v1/metrics'\n    interval_ms: 5000\n    temporality: delta\n"
                + "    protocol: http/json\n    service_name: svc\n    headers: {x-team: a}\n").metrics().otlp();
        assertEquals("https://c:4318/v1/metrics", o.metricsUrl().toString(), "credentials never kept in the URL");
        assertEquals(5000, o.intervalMs());
        assertEquals(MetricsConfig.Temporality.DELTA, o.temporality());
        assertEquals(OtlpProtocol.HTTP_JSON, o.protocol());
        assertEquals("svc", o.serviceName());
        assertEquals("a", o.http().headers().get("x-team"));
        assertTrue(o.http().headers().get("Authorization").startsWith("Basic "));
    }

    @Test
    void eachBadOtlpValueGivesOneLineNamingTheKey() throws ConfigException {
        assertError("metrics:\n  otlp: {endpoint: 'http://c:4318', temporality: both}\n",
                "metrics.otlp.temporality: expected cumulative or delta, got 'both'");
        assertError("metrics:\n  otlp: {endpoint: 'http://c:4318', protocol: grpc}\n",
                "metrics.otlp.protocol: expected http/protobuf or http/json");
        assertError("metrics:\n  otlp: {endpoint: 'http://c:4318', interval_ms: 10}\n", "metrics.otlp.interval_ms");
        assertError("metrics:\n  otlp: {interval_ms: 5000}\n", "metrics.otlp: missing required key 'endpoint'");
        assertError("metrics:\n  otlp: {endpoint: 'ftp://c'}\n", "metrics.otlp.endpoint");
        assertError("metrics:\n  otlp: {endpoint: 'http://c:4318', intervall_ms: 1}\n", "metrics.otlp.intervall_ms: unknown key");
    }

    @Test
    void absentBlockIsOffWithoutError() throws ConfigException {
        MetricsConfig m = parse("").metrics();
        assertFalse(m.enabled());
        assertNull(m.error());
    }

    @Test
    void unknownKeyNamesFileLineAndKeyAndTurnsOnlyMetricsOff() throws ConfigException {
        AgentConfig c = parse("metrics:\n  prometheus:\n    port: 9464\n    hots: 0.0.0.0\n");
        assertFalse(c.metrics().enabled());
        assertEquals("t.yaml line 6: metrics.prometheus.hots: unknown key 'hots' (known here: host, port)",
                c.metrics().error());
        assertTrue(c.queue().dir().endsWith("q"), "the rest of the config stands");
    }

    @Test
    void eachBadValueGivesOneLineNamingTheKey() throws ConfigException {
        assertError("metrics:\n  prometheus: {port: 70000}\n", "metrics.prometheus.port");
        assertError("metrics:\n  prometheus: {port: x}\n", "metrics.prometheus.port");
        assertError("metrics:\n  prometheus: {host: h}\n", "metrics.prometheus: port is required");
        assertError("metrics:\n  prometheus: {port: 1}\n  max_series: 0\n", "metrics.max_series");
        assertError("metrics:\n  prometheus: {port: 1}\n  tenant: maybe\n", "metrics.tenant");
        assertError("metrics:\n  max_series: 3\n", "metrics: no exporter configured");
        assertError("metrics:\n  promethus: {port: 1}\n", "metrics.promethus: unknown key");
        assertError("metrics: 9464\n", "metrics: expected a map");
    }

    private static void assertError(String yaml, String expected) throws ConfigException {
        MetricsConfig m = parse(yaml).metrics();
        assertFalse(m.enabled(), yaml);
        assertTrue(m.error() != null && m.error().startsWith("t.yaml line ") && m.error().contains(expected),
                yaml + " -> " + m.error());
        assertFalse(m.error().contains("\n"), "one line");
    }
}
