package dev.infertel.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys the spring-ai, google-genai and ollama4j presets brought: iterable_class, error_when, path lists, reject status. */
class StreamShapesConfigTest {

    static SiteConfig site(String... lines) throws ConfigException {
        String config = "instrument:\n  - name: s\n    class: com.acme.Client\n    method: call\n"
                + String.join("\n", lines) + "\n";
        return ConfigParser.parse(config, "t.yaml").sites().get(0);
    }

    static String error(String... lines) {
        return assertThrows(ConfigException.class, () -> site(lines)).getMessage();
    }

    @Test
    void anIterableHandleNamesItsClass() throws ConfigException {
        StreamConfig s = site("    stream: {returns: iterable, iterable_class: com.acme.ResponseStream}").stream();
        assertEquals(StreamConfig.Returns.ITERABLE, s.returns());
        assertEquals("com.acme.ResponseStream", s.iterableClass());
        assertTrue(s.viaIterable());
    }

    @Test
    void aFutureMayCompleteWithAnIterableHandle() throws ConfigException {
        StreamConfig s = site("    stream: {returns: future, iterable_class: com.acme.ResponseStream}").stream();
        assertEquals(StreamConfig.Returns.FUTURE, s.returns());
        assertEquals("com.acme.ResponseStream", s.iterableClass());
    }

    @Test
    void iterableWithoutItsClassIsAnError() {
        assertTrue(error("    stream: {returns: iterable}").contains("returns: iterable needs 'iterable_class'"));
    }

    @Test
    void iterableClassOnlyGoesWithIterableOrFuture() {
        assertTrue(error("    stream: {returns: stream, iterable_class: com.acme.R}")
                .contains("iterable_class goes with returns: iterable, or returns: future"));
        assertTrue(error("    stream: {callback: arg1, on_chunk: [onToken], iterable_class: com.acme.R}")
                .contains("iterable_class belongs to 'returns'"));
        assertTrue(error("    stream: {returns: iterable, iterable_class: 'not a class'}")
                .contains("is not a fully-qualified class name"));
    }

    @Test
    void errorWhenReadsTheElement() throws ConfigException {
        StreamConfig s = site("    stream: {returns: stream, error_when: [chunk.error, chunk.failed]}").stream();
        assertEquals("chunk.error", s.errorWhen().text());
        assertEquals("chunk.failed", s.errorWhen().orElse().text());
        assertTrue(error("    stream: {returns: stream, error_when: result.error}")
                .contains("error_when reads the element: it starts with 'chunk'"));
    }

    @Test
    void aListOfValuePathsIsReadInOrder() throws ConfigException {
        ValuePath model = site("    model: [arg0.options.model, this.defaultOptions.model]").model();
        assertEquals("arg0.options.model", model.text());
        assertEquals(ValuePath.Root.THIS, model.orElse().root());
        assertNull(model.orElse().orElse());
        assertEquals("arg0.options.model | this.defaultOptions.model", model.toString());
        assertEquals(List.of("options", "model"), model.alone().getters());
        assertNull(model.alone().orElse());
    }

    @Test
    void alternativesReadAtDifferentMomentsAreAnError() {
        assertTrue(error("    model: [arg0.model, result.model]").contains("'result.model' is read at another moment"));
        assertTrue(error("    model: []").contains("an empty list of value paths"));
    }

    @Test
    void rejectOnMayNameTheErrorsStatus() throws ConfigException {
        SiteConfig s = site("    reject_on: [com.acme.ApiException@code=429, com.acme.Busy]");
        assertEquals(List.of("com.acme.ApiException@code=429", "com.acme.Busy"), s.rejectOn());
        assertTrue(error("    reject_on: [com.acme.ApiException@429]").contains("optionally with @getter=value"));
    }
}
