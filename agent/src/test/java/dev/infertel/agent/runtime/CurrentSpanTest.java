package dev.infertel.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** Where the application has no OpenTelemetry API, a call reads nothing (the real API: TraceJoinTest). */
class CurrentSpanTest {

    @Test
    void withoutTheApiThereIsNoSpan() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertSame(CurrentSpan.NONE, CurrentSpan.resolve(empty));
        }
        assertSame(CurrentSpan.NONE, CurrentSpan.resolve(null));
        CurrentSpan spans = new CurrentSpan();
        assertSame(CurrentSpan.NONE, spans.api(new Object()), "a JDK class: the boot loader");
        assertSame(CurrentSpan.NONE, spans.api(this), "this test's loader has no io.opentelemetry.api");
        assertNull(CurrentSpan.capture(CurrentSpan.NONE));
        assertNull(CurrentSpan.NONE.ids(new Object()));
    }
}
