package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.app.ScriptedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config the agent cannot use leaves the app exactly as it runs without the agent, and says what
 * is wrong in one prefixed stderr line (with the line number for a bad file).
 */
class ConfigProblemTest {

    static final String[] APP_ARGS = {"threads=2", "requests=1", "kinds=plain,callback,iterator", "variants=ok,fail"};

    static ChildJvm.Result baseline;

    @BeforeAll
    static void runWithoutTheAgent() throws Exception {
        baseline = ChildJvm.current().app(ScriptedApp.class, List.of(), APP_ARGS).run(AcmeRun.newDir("baseline"), "app");
        assertEquals(0, baseline.exitCode(), baseline::describe);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("yaml syntax error", 6, "", String.join("\n",
                        "queue:",
                        "  dir: ./q",
                        "instrument:",
                        "  - name: broken",
                        "    class: com.acme.llm.Client",
                        "    method: complete: now",
                        "")),
                Arguments.of("unknown key", 5, "modle", String.join("\n",
                        "instrument:",
                        "  - name: typo",
                        "    class: com.acme.llm.Client",
                        "    method: complete",
                        "    modle: arg0",
                        "")),
                Arguments.of("wrong type", 5, "model", String.join("\n",
                        "instrument:",
                        "  - name: typed",
                        "    class: com.acme.llm.Client",
                        "    method: complete",
                        "    model: {path: arg0}",
                        "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void malformedConfigLeavesTheAppUnchangedAndNamesTheLine(String what, int line, String keyPath, String yaml)
            throws Exception {
        Path dir = AcmeRun.newDir("bad-config");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), yaml);
        ChildJvm.Result run = ChildJvm.current().withAgent(config).app(ScriptedApp.class, List.of(), APP_ARGS).run(dir, "app");

        assertSameAsWithoutTheAgent(run);
        List<String> agent = run.agentLines();
        assertEquals(1, agent.size(), () -> what + ": " + run.stderr());
        String warning = agent.get(0);
        assertTrue(warning.startsWith("[telemetry-agent] WARN config error: "), warning);
        assertTrue(warning.contains(config.toString()) || warning.contains("telemetry.yaml"), warning);
        assertTrue(warning.contains("line " + line + ":"), () -> what + " should name line " + line + ": " + warning);
        assertTrue(warning.contains(keyPath), () -> what + " should name " + keyPath + ": " + warning);
        assertFalse(Files.exists(dir.resolve("q")), "an inert agent creates no queue");
    }

    @Test
    void classesThatNeverLoadLeaveTheAppUnchangedAndAreNamedOnce() throws Exception {
        Path dir = AcmeRun.newDir("no-such-class");
        Path config = Files.writeString(dir.resolve("telemetry.yaml"), String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                "instrument:",
                "  - name: ghost",
                "    class: com.nowhere.GhostClient",
                "    method: complete",
                "sinks:",
                "  - type: jsonl",
                "    path: '" + dir.resolve("records.jsonl") + "'",
                ""));
        ChildJvm.Result run = ChildJvm.current().withAgent(config).app(ScriptedApp.class, List.of(), APP_ARGS).run(dir, "app");

        assertSameAsWithoutTheAgent(run);
        assertTrue(Records.readJsonl(dir.resolve("records.jsonl")).isEmpty());
        List<String> naming = run.agentLines().stream().filter(l -> l.contains("com.nowhere.GhostClient")).toList();
        assertEquals(1, naming.size(), () -> "one line should name the class that never loaded: " + run.stderr());
    }

    private static void assertSameAsWithoutTheAgent(ChildJvm.Result run) {
        assertEquals(baseline.exitCode(), run.exitCode(), run::describe);
        assertArrayEquals(baseline.stdoutBytes(), run.stdoutBytes(), run::describe);
        List<String> unprefixed = run.stderr().lines().filter(l -> !l.startsWith(ChildJvm.PREFIX)).toList();
        assertEquals(List.of(), unprefixed);
    }
}
