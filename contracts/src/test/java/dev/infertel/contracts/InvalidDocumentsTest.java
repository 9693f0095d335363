package dev.infertel.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each file in src/test/resources/invalid breaks one rule; the schema must reject it and name the property. */
class InvalidDocumentsTest {

    private static final String DIR = "invalid/";
    private static final String CASES = """
            record-missing-e2e_ms.json,         e2e_ms
            record-bad-exit.json,               exit
            record-extra-property.json,         prompt
            record-bad-ts.json,                 ts
            record-bad-record-id.json,          record_id
            record-itl-missing-p99.json,        p99
            record-negative-tokens-in.json,     tokens_in
            record-cost-without-currency.json,  currency
            record-gpu-util-over-100.json,      gpu_util_pct_mean
            config-site-missing-method.yaml,    method
            config-bad-roll-cycle.yaml,         roll_cycle
            config-unknown-top-level-key.yaml,  sink
            config-bad-value-path.yaml,         model
            config-stream-callback-and-returns.yaml, stream
            config-http-sink-missing-url.yaml,  url
            config-jsonl-sink-unknown-option.yaml, compress
            config-gpu-interval-zero.yaml,      interval_ms
            config-bad-currency.yaml,           currency
            config-clickhouse-sink-bad-database.yaml, database
            config-sqlite-sink-missing-path.yaml, path
            config-metrics-unknown-key.yaml,    hots
            config-metrics-port-out-of-range.yaml, port
            config-metrics-max-series-zero.yaml, max_series
            config-otlp-sink-bad-protocol.yaml, protocol
            """;

    private static final RecordValidator RECORD_SCHEMA = RecordValidator.records();
    private static final RecordValidator CONFIG_SCHEMA = RecordValidator.of(Contracts.CONFIG_SCHEMA);

    @ParameterizedTest(name = "{0} is rejected naming {1}")
    @CsvSource(textBlock = CASES)
    void invalidDocumentIsRejectedNamingTheProperty(String file, String property) {
        RecordValidator schema = file.startsWith("record-") ? RECORD_SCHEMA : CONFIG_SCHEMA;
        List<String> problems = schema.problems(Documents.read(DIR + file));
        assertFalse(problems.isEmpty(), file + " was accepted");
        assertTrue(problems.stream().anyMatch(p -> p.contains(property)),
                file + ": no message names '" + property + "': " + problems);
    }

    @Test
    void everyInvalidFileHasACase() throws IOException {
        Set<String> cases = CASES.lines().map(l -> l.split(",")[0].trim())
                .collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Files.list(Path.of("src/test/resources", DIR))) {
            assertEquals(files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    cases);
        }
    }
}
