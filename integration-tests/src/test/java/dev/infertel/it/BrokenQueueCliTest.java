package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every reader command on a broken queue (or output path) ends with one line on stderr saying what
 * failed and what to do, and a non-zero exit code: never a stack trace.
 */
class BrokenQueueCliTest {

    static Path dir;
    static Path queue;

    @BeforeAll
    static void recordAQueue() throws Exception {
        dir = AcmeRun.newDir("broken");
        AcmeRun run = AcmeRun.run(ChildJvm.current(), dir, true, "threads=1", "requests=1", "kinds=plain",
                "variants=ok");
        assertEquals(0, run.result.exitCode(), run.result::describe);
        queue = dir.resolve("queue");
    }

    /** A copy of the recorded queue, to break. */
    private static Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> files = Files.walk(queue)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(queue.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static Path cycleFile(Path q) throws IOException {
        try (Stream<Path> files = Files.list(q)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /**
     * Overwrites the file's start with text: no valid header. (Noise whose first word has the
     * not-complete bit looks like a write in progress instead, which Chronicle waits out.)
     */
    private static void garble(Path file) throws IOException {
        byte[] bad = "bad ".repeat(1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bad), 0);
        }
    }

    private static Path garbledCycle(String name) throws IOException {
        Path q = copy(name);
        garble(cycleFile(q));
        return q;
    }

    private static void assertOneLineFailure(String... args) throws Exception {
        ChildJvm.Result r = ChildJvm.current().agentCli(args).run(dir, "cli-" + args[0] + "-" + System.nanoTime());
        assertNotEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r::describe);
        assertFalse(r.stderr().contains("Exception in thread"), r::describe);
        assertFalse(r.stderr().lines().anyMatch(l -> l.trim().startsWith("at ")), r::describe);
        assertTrue(lines.get(0).startsWith("telemetry-agent: "), r::describe);
        assertTrue(lines.get(0).contains(";"), () -> "what failed; what to do: " + lines.get(0));
    }

    @Test
    void tailOfAQueuePathThatIsARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-queue"), "x");
        assertOneLineFailure("tail", "--queue", file.toString());
    }

    @Test
    void tailOfADamagedCycleFile() throws Exception {
        assertOneLineFailure("tail", "--queue", garbledCycle("tail-cycle").toString());
    }

    @Test
    void tailOfDamagedMetadata() throws Exception {
        Path q = copy("tail-metadata");
        garble(q.resolve("metadata.cq4t"));
        assertOneLineFailure("tail", "--queue", q.toString());
    }

    @Test
    void statusOfADamagedCycleFile() throws Exception {
        assertOneLineFailure("status", "--queue", garbledCycle("status-cycle").toString());
    }

    @Test
    void showOfADamagedCycleFile() throws Exception {
        assertOneLineFailure("show", "--queue", garbledCycle("show-cycle").toString());
    }

    @Test
    void statsOfADamagedCycleFile() throws Exception {
        assertOneLineFailure("stats", "--queue", garbledCycle("stats-cycle").toString());
    }

    @Test
    void reportToAPathUnderARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLineFailure("report", "--queue", queue.toString(), "--out", file.resolve("report.html").toString());
    }

    @Test
    void shipOfAQueueDirThatIsARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("queue-file"), "x");
        Path config = Files.writeString(dir.resolve("ship.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + file + "'",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("shipped.jsonl") + "'",
                ""));
        assertOneLineFailure("ship", "--config", config.toString());
    }

    @Test
    void tailOfAQueueThisUserMayNotRead() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any directory");
        Path q = copy("no-access");
        Files.setPosixFilePermissions(q, PosixFilePermissions.fromString("---------"));
        try {
            assertOneLineFailure("tail", "--queue", q.toString());
        } finally {
            Files.setPosixFilePermissions(q, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
