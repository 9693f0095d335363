package dev.infertel.agent.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.infertel.agent.config.ConfigParser;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.contracts.Contracts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The contract's examples are what users copy: every config example must be accepted by the agent's
 * own parser (YAML and its JSON twin), and every record example read by the agent's reader and
 * written back to the same record.
 */
class ContractExamplesTest {

    static final java.util.List<String> CONFIGS = Contracts.CONFIG_EXAMPLES;
    static final java.util.List<String> RECORDS = Contracts.RECORD_EXAMPLES;

    @ParameterizedTest
    @FieldSource("CONFIGS")
    void everyConfigExampleIsAcceptedByTheAgent(String yaml) throws IOException {
        assertDoesNotThrow(() -> ConfigParser.parse(text(yaml), yaml));
        String json = Contracts.jsonTwin(yaml);
        assertDoesNotThrow(() -> ConfigParser.parse(text(json), json));
    }

    @ParameterizedTest
    @FieldSource("RECORDS")
    void everyRecordExampleReadsAndWritesBackTheSameRecord(String path) throws IOException {
        TelemetryRecord record = RecordJson.read(text(path));
        assertEquals(RecordJson.toJson(record), RecordJson.toJson(RecordJson.read(RecordJson.toJson(record))));
        assertEquals(record.recordId(), RecordJson.read(RecordJson.toJson(record)).recordId());
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = Contracts.open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
