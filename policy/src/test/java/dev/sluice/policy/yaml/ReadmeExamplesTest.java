package dev.sluice.policy.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code yaml} block of policy/README.md is a complete policy that loads and fits the schema. */
class ReadmeExamplesTest {
    private static final PolicyLoader LOADER = PolicyLoader.builder().build();

    static Stream<String> examples() throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(RepoFiles.root().resolve("policy/README.md"))) {
            if (current == null && line.equals("```yaml")) {
                current = new StringBuilder();
            } else if (current != null && line.equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        assertTrue(blocks.size() >= 10, "expected an example per feature, found " + blocks.size());
        return blocks.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleLoadsAndFitsTheSchema(String yaml) throws IOException {
        LoadResult r = LOADER.parse(yaml, "README.md");
        assertTrue(r.ok(), () -> PolicyLoader.format("README example", r.errors()) + "\n" + yaml);
        Node tree = TreeReader.read(yaml, new Problems());
        assertEquals(List.of(), SchemaWalker.check(tree, ExamplePoliciesTest.schema()), yaml);
    }
}
