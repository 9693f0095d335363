package dev.infertel.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ExamplesTest {

    static final List<String> RECORDS = Contracts.RECORD_EXAMPLES;
    static final List<String> CONFIGS = Stream.concat(Contracts.CONFIG_EXAMPLES.stream(),
            Contracts.CONFIG_EXAMPLES.stream().map(Contracts::jsonTwin)).collect(Collectors.toList());
    static final List<String> YAML_CONFIGS = Contracts.CONFIG_EXAMPLES;

    private static final RecordValidator RECORD_SCHEMA = RecordValidator.records();
    private static final RecordValidator CONFIG_SCHEMA = RecordValidator.of(Contracts.CONFIG_SCHEMA);

    @ParameterizedTest
    @FieldSource("RECORDS")
    void recordExampleIsValid(String resource) {
        assertEquals(List.of(), RECORD_SCHEMA.problems(Documents.read(resource)), resource);
    }

    @ParameterizedTest
    @FieldSource("CONFIGS")
    void configExampleIsValid(String resource) {
        assertEquals(List.of(), CONFIG_SCHEMA.problems(Documents.read(resource)), resource);
    }

    @ParameterizedTest
    @FieldSource("YAML_CONFIGS")
    void yamlConfigEqualsItsJsonTwin(String resource) {
        assertEquals(Documents.json(Contracts.jsonTwin(resource)), Documents.yaml(resource), resource);
    }

    @Test
    void everyExampleFileIsListed() throws IOException {
        Set<String> listed = new TreeSet<>(RECORDS);
        listed.addAll(CONFIGS);
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", Contracts.EXAMPLES_DIR))) {
            Set<String> present = files.map(p -> Contracts.EXAMPLES_DIR + p.getFileName())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(present, listed);
        }
    }
}
