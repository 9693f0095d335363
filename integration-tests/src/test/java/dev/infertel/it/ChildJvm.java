package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches a real child JVM (an app with or without the agent, or the agent's command line) with a
 * timeout, capturing its stdout as bytes and its stderr as text; the process is always destroyed.
 */
public final class ChildJvm {

    public static final String PREFIX = "[telemetry-agent] ";
    public static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final Path java;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    private Duration timeout = Duration.ofSeconds(90);
    private String umask;

    private ChildJvm(Path java) {
        this.java = java;
    }

    /** A JVM of the JDK running the tests (Java 17 in CI). */
    public static ChildJvm current() {
        return new ChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** A JVM of the Temurin 25 JDK; skips the test when it is not installed. */
    public static ChildJvm jdk25() {
        Path java = JDK25.resolve("bin/java");
        assumeTrue(Files.isExecutable(java), "no JDK 25 at " + JDK25 + ": the Java 25 run is skipped");
        return new ChildJvm(java);
    }

    public static Path agentJar() {
        Path jar = Path.of(System.getProperty("agent.jar", "../agent/target/telemetry-agent.jar")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "agent jar " + jar + " missing: mvn -pl agent -am package");
        return jar;
    }

    /** target/test-classes: the test apps and the fake client, never the agent's classes. */
    public static Path testClasses() {
        try {
            return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public ChildJvm withAgent(Path config) {
        jvmArgs.add("-javaagent:" + agentJar() + "=config=" + config.toAbsolutePath());
        return this;
    }

    /** The agent with no options: it finds its config through a property or the environment. */
    public ChildJvm withBareAgent() {
        jvmArgs.add("-javaagent:" + agentJar());
        return this;
    }

    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /**
     * The apps' heap is sized as a service's would be. With the JVM's small default start heap, G1 paused
     * 3-11 ms every ~150 ms of these apps; a pause between the agent's stamp of a chunk and the app's own
     * stamp of it moved the app's truth by milliseconds, against which the 1 ms checks compare the agent.
     */
    static final List<String> APP_HEAP = List.of("-Xms512m", "-Xmn256m", "-XX:MetaspaceSize=128m");

    /** Runs {@code main} with target/test-classes plus {@code extraClassPath} as the class path. */
    public ChildJvm app(Class<?> main, List<Path> extraClassPath, String... appArgs) {
        jvmArgs.addAll(APP_HEAP);
        List<String> cp = new ArrayList<>();
        cp.add(testClasses().toString());
        extraClassPath.forEach(p -> cp.add(p.toAbsolutePath().toString()));
        args.addAll(List.of("-cp", String.join(File.pathSeparator, cp), main.getName()));
        args.addAll(List.of(appArgs));
        return this;
    }

    /** Runs the agent jar's command line: {@code java -jar telemetry-agent.jar ...}. */
    public ChildJvm agentCli(String... cliArgs) {
        args.addAll(List.of("-jar", agentJar().toString()));
        args.addAll(List.of(cliArgs));
        return this;
    }

    /** Starts the JVM through {@code sh} with this umask (e.g. {@code 000}: every file it creates is world-writable unless the code says otherwise). */
    public ChildJvm umask(String mask) {
        this.umask = mask;
        return this;
    }

    public ChildJvm timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        if (umask != null) {
            command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        }
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.addAll(args);
        return command;
    }

    /** Starts the process with stdout and stderr going to files in {@code dir}; the caller destroys it. */
    public Process start(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(command()).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().remove("TELEMETRY_AGENT_CONFIG");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs to the end (failing the test after the timeout) in {@code dir}. */
    public Result run(Path dir, String name) throws IOException, InterruptedException {
        Process p = start(dir, name);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(name + " did not end within " + timeout + ": " + command() + "\nstderr: "
                        + Files.readString(dir.resolve(name + ".err")));
            }
            return new Result(p.exitValue(), p.pid(), Files.readAllBytes(dir.resolve(name + ".out")),
                    Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
        } finally {
            destroy(p);
        }
    }

    public static void destroy(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** What a finished child left behind. */
    public record Result(int exitCode, long pid, byte[] stdoutBytes, String stderr) {

        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public List<String> agentLines() {
            return stderr.lines().filter(l -> l.startsWith(PREFIX)).toList();
        }

        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
        }
    }
}
