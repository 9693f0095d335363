package dev.infertel.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void opensTheRecordSchema() throws Exception {
        try (InputStream in = Contracts.open(Contracts.RECORD_SCHEMA)) {
            assertTrue(in.readAllBytes().length > 0);
        }
    }

    @Test
    void missingResourceNamesThePath() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Contracts.open("contracts/nope.json"));
        assertTrue(e.getMessage().contains("contracts/nope.json"), e.getMessage());
    }

    @Test
    void schemaVersionConstantMatchesTheSchema() {
        assertEquals(Contracts.RECORD_SCHEMA_VERSION,
                Documents.json(Contracts.RECORD_SCHEMA).at("/properties/schema_version/const").asInt());
    }

    @Test
    void jsonTwinSwapsTheSuffix() {
        assertEquals("contracts/examples/config-full.json", Contracts.jsonTwin("contracts/examples/config-full.yaml"));
    }
}
