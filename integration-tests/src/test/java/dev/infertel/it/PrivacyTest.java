package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every call's prompt carries a marker; no byte of the queue or the sink may hold it. */
class PrivacyTest {

    static AcmeRun run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = AcmeRun.shared();
        assertEquals(0, run.result.exitCode(), run.result::describe);
    }

    @Test
    void promptNeverReachesTheQueueFiles() throws IOException {
        List<Path> files = queueFiles();
        assertFalse(files.isEmpty(), "the queue holds files");
        String model = run.truth.keySet().iterator().next();
        assertTrue(anyContains(files, model), "control: the queue files hold model " + model + " in plain bytes");
        assertFalse(anyContains(files, AcmeRun.MARKER), "a queue file holds the prompt's marker");
    }

    @Test
    void promptNeverReachesTheJsonlSink() throws IOException {
        String jsonl = Files.readString(run.dir.resolve("records.jsonl"));
        assertFalse(jsonl.isEmpty());
        assertFalse(jsonl.contains(AcmeRun.MARKER));
        assertFalse(jsonl.contains("Summarize the document"));
    }

    private static List<Path> queueFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(run.dir.resolve("queue"))) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
    }

    private static boolean anyContains(List<Path> files, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (Path f : files) {
            if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
