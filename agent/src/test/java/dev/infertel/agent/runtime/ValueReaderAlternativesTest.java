package dev.infertel.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.infertel.agent.config.ValuePath;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A list of value paths gives the first value one of them finds. */
class ValueReaderAlternativesTest {

    public record Options(String model) {
    }

    public record Prompt(Options options) {
    }

    public record Client(Options defaultOptions) {
    }

    public record Union(Optional<String> string, Optional<String> chat) {
    }

    final ValueReader reader = new ValueReader();
    final ValuePath model = ValuePath.firstOf(List.of(ValuePath.parse("arg0.options.model"),
            ValuePath.parse("this.defaultOptions.model")));

    @Test
    void theFirstPathThatGivesAValueWins() {
        Client client = new Client(new Options("default-model"));
        assertEquals("asked-model", reader.read(model, client, new Object[] {new Prompt(new Options("asked-model"))}, null));
        assertEquals("default-model", reader.read(model, client, new Object[] {new Prompt(null)}, null));
        assertEquals("default-model", reader.read(model, client, new Object[] {new Prompt(new Options(null))}, null));
        assertNull(reader.read(model, new Client(null), new Object[] {new Prompt(null)}, null));
    }

    @Test
    void alternativesFromOneRootFollowTheSameValue() {
        ValuePath union = ValuePath.firstOf(List.of(ValuePath.parse("chunk.string"), ValuePath.parse("chunk.chat")));
        assertEquals("gpt-x", reader.follow(new Union(Optional.of("gpt-x"), Optional.empty()), union));
        assertEquals("gpt-y", reader.follow(new Union(Optional.empty(), Optional.of("gpt-y")), union));
    }
}
