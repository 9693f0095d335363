package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.app.ScriptedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Under {@code umask 000} every file the agent makes would be writable by any local user (who could then
 * rewind a sink or inject records): the queue, sink state, JSONL output and log stay owner-only.
 */
class OwnerOnlyFilesTest {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @Test
    void agentFilesHaveNoGroupOrOtherPermissionsUnderUmask000() throws Exception {
        Path dir = AcmeRun.newDir("umask");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "  max_disk_mb: 512",
                "log:",
                "  file: '" + dir.resolve("logs/agent.log") + "'",
                "instrument:",
                "  - name: acme-complete",
                "    class: com.acme.llm.Client",
                "    method: complete",
                "    engine: acme",
                "    model: arg0",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("out/records.jsonl") + "'",
                ""));
        ChildJvm.Result app = ChildJvm.current().umask("000").withAgent(config)
                .app(ScriptedApp.class, List.of(), "threads=1", "requests=1", "kinds=plain", "variants=ok",
                        "truth=" + dir.resolve("truth.txt"))
                .run(dir, "app");
        assertEquals(0, app.exitCode(), app::describe);
        assertTrue(Files.size(dir.resolve("out/records.jsonl")) > 0, app::describe);
        assertTrue(Files.exists(dir.resolve("logs/agent.log")), app::describe);

        List<String> open = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        for (String sub : List.of("queue", "out", "logs")) {
            try (Stream<Path> paths = Files.walk(dir.resolve(sub))) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    seen.add(p);
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                        open.add(dir.relativize(p) + " " + PosixFilePermissions.toString(perms));
                    }
                }
            }
        }
        assertTrue(seen.stream().anyMatch(p -> p.toString().endsWith(".cq4")), () -> "no cycle file in " + seen);
        assertTrue(seen.stream().anyMatch(p -> p.toString().endsWith(".state")), () -> "no sink state in " + seen);
        assertEquals(List.of(), open, "files others can read or write");
    }

    @Test
    void aControlChildUnderUmask000DoesCreateWorldWritableFiles() throws IOException, InterruptedException {
        // the rig itself: without the agent's own permissions, umask 000 gives 666
        Path dir = AcmeRun.newDir("umask-control");
        ChildJvm.Result touch = ChildJvm.current().umask("000")
                .app(ScriptedApp.class, List.of(), "threads=1", "requests=1", "kinds=plain", "variants=ok",
                        "truth=" + dir.resolve("truth.txt"))
                .run(dir, "plain");
        assertEquals(0, touch.exitCode(), touch::describe);
        assertTrue(Files.getPosixFilePermissions(dir.resolve("truth.txt")).contains(PosixFilePermission.OTHERS_WRITE));
    }
}
