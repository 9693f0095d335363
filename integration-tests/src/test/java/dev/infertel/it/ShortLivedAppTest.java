package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.app.ScriptedApp;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An application that is done before the agent's queue has opened (Chronicle takes a few hundred
 * milliseconds to start, and cannot start once the JVM shuts down): its exit does not wait for the
 * queue, its records are kept in {@code <queue>/pending}, and the next process that opens the queue
 * (an agent or ship) appends them; the reader shows them without touching the file. Nothing recorded is lost, nothing is printed on the app's stdout.
 */
class ShortLivedAppTest {

    @Test
    void recordsMadeBeforeTheQueueOpenedReachItThroughTheNextOpener() throws Exception {
        Path dir = AcmeRun.newDir("short-lived");
        Path queue = dir.resolve("queue");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: " + queue,
                "instrument:",
                "  - name: short-complete",
                "    class: com.acme.llm.Client",
                "    method: complete",
                "    model: arg0",
                ""));
        ChildJvm.Result app = ChildJvm.current().withAgent(config)
                .app(ScriptedApp.class, List.of(), "threads=1", "requests=3", "kinds=plain", "variants=ok")
                .run(dir, "app");
        assertEquals(0, app.exitCode(), app::describe);
        assertFalse(app.stdout().contains("telemetry"), app::describe);
        assertFalse(app.stderr().contains("could not"), app::describe);
        assertFalse(app.stderr().contains("Exception"), app::describe);

        boolean kept = app.stderr().contains("the queue was still opening at exit: 3 record(s) kept in");
        if (kept) {
            try (Stream<Path> files = Files.list(queue.resolve("pending"))) {
                assertEquals(1, files.filter(p -> p.toString().endsWith(".jsonl")).count());
            }
        }

        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", queue.toString(), "--json")
                .run(dir, "tail");
        assertEquals(0, tail.exitCode(), tail::describe);
        List<JsonNode> records = Records.parseLines(tail.stdout().lines().toList());
        assertEquals(3, records.size(), () -> app.describe() + tail.describe());
        records.forEach(Records::assertValid);
        records.forEach(r -> assertEquals("short-complete", r.path("site").asText()));
        if (kept) {
            try (Stream<Path> files = Files.list(queue.resolve("pending"))) {
                // readers open the queue read-only: the next agent start or ship appends the file
                assertEquals(1, files.filter(p -> p.toString().endsWith(".jsonl")).count(), "the reader left it");
            }
        }
    }

    /**
     * The app ends while the agent's background start is creating the queue's files (held here by a lock
     * the test takes on the metadata file): the exit waits for that to finish instead of cutting it short,
     * which could leave a queue the next process cannot open; the records then go to the queue itself.
     */
    @Test
    void anExitWhileTheQueueIsBeingCreatedWaitsForIt() throws Exception {
        Path dir = AcmeRun.newDir("short-lived-creating");
        Path queue = Files.createDirectories(dir.resolve("queue"));
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: " + queue,
                "instrument:",
                "  - name: short-complete",
                "    class: com.acme.llm.Client",
                "    method: complete",
                "    model: arg0",
                ""));
        Process app;
        try (FileChannel metadata = FileChannel.open(queue.resolve("metadata.cq4t"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock held = metadata.lock()) {
            // the app serves after 1.5 s, by when the background start is blocked on the lock, then ends
            app = ChildJvm.current().withAgent(config)
                    .app(ScriptedApp.class, List.of(), "threads=1", "requests=3", "kinds=plain", "variants=ok",
                            "start_after_ms=1500")
                    .start(dir, "app");
            Path out = dir.resolve("app.out");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(Files.exists(out) && Files.readString(out).contains("calls: 3"))) {
                assertTrue(System.nanoTime() < deadline, "the app did not make its calls");
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            assertTrue(app.isAlive(), () -> "the app exited while its queue was being created: "
                    + read(dir.resolve("app.err")));
        }
        try {
            assertTrue(app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the app did not exit");
            assertEquals(0, app.exitValue(), () -> read(dir.resolve("app.err")));
        } finally {
            ChildJvm.destroy(app);
        }
        String stderr = read(dir.resolve("app.err"));
        assertFalse(stderr.contains("kept in"), stderr);
        assertFalse(stderr.contains("Exception"), stderr);

        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", queue.toString(), "--json")
                .run(dir, "tail");
        assertEquals(0, tail.exitCode(), tail::describe);
        assertEquals(3, Records.parseLines(tail.stdout().lines().toList()).size(), tail::describe);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
