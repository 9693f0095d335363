package dev.infertel.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.SiteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reject_on: by exception type, a cause's type, or a type whose status getter gives the value named. */
class SiteRejectTest {

    /** A library exception used for every HTTP status (as google-genai's ApiException). */
    public static class ApiException extends RuntimeException {
        private final int code;

        public ApiException(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static final class ClientException extends ApiException {
        public ClientException(int code) {
            super(code);
        }
    }

    static Site site(String... rejectOn) {
        return Site.detached(new SiteConfig("s", "com.acme.Client", "call", null, null, null, null, null, null, null,
                null, null, 0, List.of(rejectOn)));
    }

    @Test
    void aStatusEntryRejectsOnlyThatStatusOfTheTypeAndItsSubclasses() {
        Site s = site(ApiException.class.getName() + "@code=429");
        assertTrue(s.rejects(new ClientException(429)));
        assertTrue(s.rejects(new IllegalStateException("wrapped", new ApiException(429))));
        assertFalse(s.rejects(new ClientException(400)));
        assertFalse(s.rejects(new IllegalStateException("no status")));
    }

    @Test
    void aPlainTypeEntryRejectsEveryStatus() {
        Site s = site(ClientException.class.getName());
        assertTrue(s.rejects(new ClientException(400)));
        assertFalse(s.rejects(new ApiException(429)));
    }
}
