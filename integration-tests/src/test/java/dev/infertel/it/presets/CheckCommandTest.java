package dev.infertel.it.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.AcmeRun;
import dev.infertel.it.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code java -jar telemetry-agent.jar check}: a config and its value paths against real classes, no app run. */
class CheckCommandTest {

    static String appClassPath() {
        List<Path> libs = PresetRun.clientLibraries();
        return libs.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))
                + File.pathSeparator + ChildJvm.testClasses();
    }

    static ChildJvm.Result check(String name, String config, String classPath) throws Exception {
        Path dir = AcmeRun.newDir("check-" + name);
        Path file = Files.writeString(dir.resolve("telemetry.yaml"), config);
        ChildJvm jvm = classPath == null ? ChildJvm.current().agentCli("check", "--config", file.toString())
                : ChildJvm.current().agentCli("check", "--config", file.toString(), "--classpath", classPath);
        return jvm.run(dir, "check");
    }

    @Test
    void everyPresetChecksCleanAgainstTheRealLibraries() throws Exception {
        ChildJvm.Result r = check("presets", "presets: all\n", appClassPath());
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("ok    tokens_out: chunk.usage.completionTokens -> long"), r::describe);
        // a chunk of a future's ResponseStream, a Spring AI ChatResponse, an ollama4j result
        assertTrue(r.stdout().contains("ok    tokens_out: chunk.usageMetadata.candidatesTokenCount -> java.lang.Integer"),
                r::describe);
        assertTrue(r.stdout().contains("ok    tokens_in: result.metadata.usage.promptTokens -> java.lang.Integer"),
                r::describe);
        assertTrue(r.stdout().contains("ok    tokens_out: result.evalCount -> java.lang.Integer"), r::describe);
        assertTrue(r.stdout().contains("check: 0 error(s)"), r::describe);
    }

    @Test
    void aWrongGetterAndAMissingClassAreNamedAndFail() throws Exception {
        String config = String.join("\n",
                "instrument:",
                "  - name: typo",
                "    class: com.openai.services.blocking.chat.ChatCompletionServiceImpl",
                "    method: create",
                "    tokens_out: result.usage.completionTokenz",
                "  - name: absent",
                "    class: com.example.NotThere",
                "    method: call",
                "");
        ChildJvm.Result r = check("typo", config, appClassPath());
        assertEquals(1, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("com.openai.models.completions.CompletionUsage has no completionTokenz()"),
                r::describe);
        assertTrue(r.stdout().contains("class com.example.NotThere is not on the class path"), r::describe);
    }

    @Test
    void presetsOfAbsentLibrariesAreSkippedAndABadConfigFails() throws Exception {
        ChildJvm.Result skipped = check("absent", "presets: all\n", ChildJvm.testClasses().toString());
        assertEquals(0, skipped.exitCode(), skipped::describe);
        assertTrue(skipped.stdout().contains("site openai-chat: skipped"), skipped::describe);
        ChildJvm.Result bad = check("bad", "presets: [openai-jav]\n", null);
        assertEquals(1, bad.exitCode(), bad::describe);
        assertTrue(bad.stdout().contains("line 1: presets[0]: unknown preset 'openai-jav'"), bad::describe);
    }
}
