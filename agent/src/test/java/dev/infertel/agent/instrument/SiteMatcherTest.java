package dev.infertel.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.runtime.Site;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteMatcherTest {

    interface Client {
        String complete(String prompt);
    }

    abstract static class BaseClient implements Client, java.io.Serializable {
        static final long BIG = 1L << 40;      // a Long constant: two constant-pool slots
        static final double RATE = 0.25;       // a Double constant too
    }

    static class DeepClient extends BaseClient {
        @Override
        public String complete(String prompt) {
            return prompt + BIG + RATE;
        }
    }

    static class Unrelated implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void headerReadsNameSuperAndInterfacesPastWideConstants() throws IOException {
        ClassHeader header = ClassHeader.parse(bytesOf(BaseClient.class));
        assertEquals(internal(BaseClient.class), header.name());
        assertEquals("java/lang/Object", header.superName());
        assertArrayEquals(new String[] {internal(Client.class), "java/io/Serializable"}, header.interfaces());
        assertTrue(ClassHeader.parse(bytesOf(Client.class)).isInterface());
    }

    @Test
    void notAClassFileGivesNoHeader() {
        assertNull(ClassHeader.parse(new byte[] {1, 2, 3}));
        assertNull(ClassHeader.parse(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 99}));
    }

    @Test
    void interfaceSiteMatchesAnImplementationTwoLevelsDownFromItsBytes() throws IOException {
        Site site = site(Client.class);
        SiteMatcher matcher = new SiteMatcher(List.of(site));
        ClassLoader loader = getClass().getClassLoader();

        assertEquals(List.of(site), matcher.match(loader, ClassHeader.parse(bytesOf(DeepClient.class))));
        assertEquals(List.of(), matcher.match(loader, ClassHeader.parse(bytesOf(Unrelated.class))));
    }

    @Test
    void loadedClassesMatchThroughTheirHierarchyToo() {
        Site site = site(Client.class);
        SiteMatcher matcher = new SiteMatcher(List.of(site));

        assertEquals(List.of(site), matcher.match(DeepClient.class));
        assertEquals(List.of(), matcher.match(Unrelated.class));
    }

    @Test
    void exactNameAndSuperTypeSitesBothApply() throws IOException {
        Site byInterface = site(Client.class);
        Site byName = site(DeepClient.class);
        SiteMatcher matcher = new SiteMatcher(List.of(byInterface, byName));

        List<Site> sites = matcher.match(getClass().getClassLoader(), ClassHeader.parse(bytesOf(DeepClient.class)));
        assertEquals(2, sites.size());
        assertTrue(sites.contains(byInterface) && sites.contains(byName));
    }

    @Test
    void agentAndJdkClassesAreIgnoredButTheApplicationsOwnDevInfertelClassesAreNot() {
        assertTrue(Instrumenter.ignored("java/lang/String"));
        assertTrue(Instrumenter.ignored("dev/infertel/agent/AgentMain"));
        assertTrue(Instrumenter.ignored("dev/infertel/bootstrap/Bridge"));
        assertTrue(Instrumenter.ignored("com/acme/Client$$TelemetryTap$1"));
        assertEquals(false, Instrumenter.ignored("dev/infertel/demo/DemoLlmClient"));
        assertEquals(false, Instrumenter.ignored("com/acme/Client"));
    }

    private static Site site(Class<?> type) {
        return Site.detached(new SiteConfig("s-" + type.getSimpleName(), type.getName(), "complete",
                null, null, null, null, null, null, null, null, null, 0));
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(internal(type) + ".class")) {
            return in.readAllBytes();
        }
    }
}
