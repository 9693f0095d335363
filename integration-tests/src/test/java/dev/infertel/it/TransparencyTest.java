package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent changes nothing the app can see: return values, exceptions, stdout, exit code. */
class TransparencyTest {

    static AcmeRun withAgent;
    static AcmeRun without;

    @BeforeAll
    static void runTheAppTwice() throws Exception {
        withAgent = AcmeRun.shared();
        without = AcmeRun.run(ChildJvm.current(), AcmeRun.newDir("no-agent"), false, "threads=8", "requests=2");
    }

    @Test
    void appSeesTheScriptedReturnValuesAndExceptions() {
        assertEquals(0, without.result.exitCode(), without.result::describe);
        assertEquals(0, withAgent.result.exitCode(), withAgent.result::describe);
        assertTrue(withAgent.result.stdout().contains("calls: " + withAgent.truth.size() + ", as scripted: "
                + withAgent.truth.size()), withAgent.result::describe);
    }

    @Test
    void stdoutIsByteIdenticalWithAndWithoutTheAgent() {
        assertArrayEquals(without.result.stdoutBytes(), withAgent.result.stdoutBytes(),
                () -> "with agent:\n" + withAgent.result.stdout() + "\nwithout:\n" + without.result.stdout());
    }

    @Test
    void withoutTheAgentThereAreNoRecords() {
        assertTrue(without.records.isEmpty());
        assertEquals("", without.result.stderr());
    }
}
