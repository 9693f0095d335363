package dev.infertel.it.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.it.ChildJvm;
import dev.infertel.it.Records;
import dev.infertel.it.app.QueueSeeder;
import dev.infertel.it.app.SteadyApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Configs, child JVMs and CLI calls the shipping tests share. */
final class ShipRig {

    /** Chronicle on the plain class path (the seeder) needs what the agent grants itself. */
    private static final List<String> CHRONICLE_ARGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Dchronicle.analytics.disable=true");

    private ShipRig() {
    }

    static Path newDir(String name) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "it-runs").toAbsolutePath());
        return Files.createTempDirectory(base, name + "-");
    }

    /** The FastClient site and the given sinks / queue / privacy lines (already indented YAML). */
    static Path config(Path dir, String queueExtra, String sinks, String extra) throws IOException {
        String yaml = String.join("\n",
                "queue:",
                "  dir: '" + dir.resolve("queue") + "'",
                queueExtra,
                "instrument:",
                "  - name: fast",
                "    class: com.acme.llm.FastClient",
                "    method: generate",
                "    engine: acme",
                "    model: arg0",
                "    tenant: arg1",
                sinks.isEmpty() ? "" : "sinks:\n" + sinks,
                extra,
                "");
        return Files.writeString(dir.resolve("telemetry.yaml"), yaml);
    }

    static String httpSink(String url, int maxRecords, int maxWaitMs) {
        return String.join("\n",
                "  - type: http",
                "    name: ingest",
                "    url: " + url,
                "    connect_timeout_ms: 500",
                "    read_timeout_ms: 5000",
                "    max_records: " + maxRecords,
                "    max_wait_ms: " + maxWaitMs);
    }

    static ChildJvm steadyApp(Path config, String... args) {
        return ChildJvm.current().withAgent(config).app(SteadyApp.class, List.of(), args);
    }

    /** An empty queue in {@code dir/queue} whose files roll every second. */
    static void seedSecondlyQueue(Path dir) throws Exception {
        ChildJvm jvm = ChildJvm.current();
        CHRONICLE_ARGS.forEach(jvm::jvmArg);
        List<Path> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(Path.of(e));
        }
        ChildJvm.Result r = jvm.app(QueueSeeder.class, cp, dir.resolve("queue").toString()).run(dir, "seed");
        assertEquals(0, r.exitCode(), r::describe);
    }

    /** The {@code key=value} words of the app's last stdout line. */
    static Map<String, String> summary(ChildJvm.Result r) {
        List<String> lines = r.stdout().lines().filter(l -> l.contains("p50_us=")).toList();
        Map<String, String> m = new TreeMap<>();
        if (lines.isEmpty()) {
            return m;
        }
        for (String w : lines.get(lines.size() - 1).split(" ")) {
            String[] kv = w.split("=");
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    /** Every record the queue holds now, through {@code tail --json}. */
    static List<JsonNode> queueRecords(Path dir, String name) throws Exception {
        ChildJvm.Result tail = ChildJvm.current().agentCli("tail", "--queue", dir.resolve("queue").toString(), "--json")
                .run(dir, name);
        assertEquals(0, tail.exitCode(), tail::describe);
        return Records.parseLines(tail.stdout().lines().toList());
    }

    /** {@code status --json}: one object per sink. */
    static List<JsonNode> status(Path dir, String name) throws Exception {
        ChildJvm.Result s = ChildJvm.current().agentCli("status", "--queue", dir.resolve("queue").toString(), "--json")
                .run(dir, name);
        assertEquals(0, s.exitCode(), s::describe);
        return Records.parseLines(s.stdout().lines().toList());
    }

    static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.path("record_id").asText()).toList();
    }

    static String[] args(String... a) {
        return Arrays.copyOf(a, a.length);
    }
}
