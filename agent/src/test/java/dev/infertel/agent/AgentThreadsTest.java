package dev.infertel.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A thread that a library starts from the agent's background thread (as Chronicle starts its releaser)
 * and that dies of an exception: one line in the agent's log, nothing on the application's stderr.
 */
class AgentThreadsTest {

    @Test
    void anExceptionInAThreadStartedFromTheAgentsThreadsGoesToTheAgentLog() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), false);
        PrintStream realErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            Thread[] grandchild = new Thread[1];
            Thread starter = new Thread(new AgentThreads(log), () -> {
                // what a library does from our thread: a thread of its own, in our group by inheritance
                grandchild[0] = new Thread(() -> {
                    throw new NoClassDefFoundError("Could not initialize class x.BackgroundResourceReleaser");
                }, "background~resource~releaser");
                grandchild[0].start();
            }, "telemetry-start");
            starter.start();
            starter.join();
            grandchild[0].join();
        } finally {
            System.setErr(realErr);
        }
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
        String line = logged.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("thread background~resource~releaser stopped: java.lang.NoClassDefFoundError"), line);
        assertEquals(1, line.lines().count(), line);
    }
}
