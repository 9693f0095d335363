package dev.infertel.it.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.ChildJvm;
import dev.infertel.it.Records;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** With privacy.anonymize (or TELEMETRY_AGENT_ANON=1) no raw tenant id is written anywhere. */
class TenantAnonymizationTest {

    private static final String TENANT = "acme-corp-tenant-77";

    static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<JsonNode> run(Path dir, String privacy, String env) throws Exception {
        Path config = ShipRig.config(dir, "", "  - {type: jsonl, path: '" + dir.resolve("records.jsonl") + "'}", privacy);
        ChildJvm jvm = ShipRig.steadyApp(config, "pace_us=5000", "seconds=1", "tenant=" + TENANT);
        if (env != null) {
            jvm.env("TELEMETRY_AGENT_ANON", env);
        }
        ChildJvm.Result r = jvm.run(dir, "app");
        assertEquals(0, r.exitCode(), r::describe);
        List<JsonNode> records = Records.readJsonl(dir.resolve("records.jsonl"));
        assertFalse(records.isEmpty(), r::describe);
        return records;
    }

    private static void assertNoRawTenantOnDisk(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("queue"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(TENANT), f.toString());
            }
        }
        assertFalse(Files.readString(dir.resolve("records.jsonl")).contains(TENANT));
    }

    @Test
    void tenantIdIsTheSaltedHashBeforeItIsWritten() throws Exception {
        Path dir = ShipRig.newDir("anon");
        List<JsonNode> records = run(dir, "privacy: {anonymize: true, salt: pepper}", null);
        for (JsonNode r : records) {
            assertEquals(sha256Hex("pepper" + TENANT), r.path("tenant_id").asText());
            Records.assertValid(r);
        }
        assertNoRawTenantOnDisk(dir);
    }

    @Test
    void theEnvironmentSwitchesItOnWithASaltKeptPerInstall() throws Exception {
        Path dir = ShipRig.newDir("anon-env");
        String first = run(dir, "", "1").get(0).path("tenant_id").asText();
        String salt = Files.readString(dir.resolve("queue").resolve("tenant-salt")).trim();
        assertEquals(sha256Hex(salt + TENANT), first);
        List<JsonNode> again = run(dir, "", "1");
        assertTrue(again.stream().allMatch(r -> r.path("tenant_id").asText().equals(first)),
                "the same hash after a restart");
        assertNoRawTenantOnDisk(dir);
    }

    @Test
    void withoutItTheTenantIdIsKept() throws Exception {
        Path dir = ShipRig.newDir("anon-off");
        assertEquals(TENANT, run(dir, "", null).get(0).path("tenant_id").asText());
    }
}
