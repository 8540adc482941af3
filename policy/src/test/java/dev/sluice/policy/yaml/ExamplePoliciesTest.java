package dev.sluice.policy.yaml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.matchers.Detector;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Mode;
import dev.sluice.policy.mask.MaskStyle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policies in deploy/policies: the embedded default is the same file, each loads without
 * errors and uses only keys the JSON Schema declares, and the schema declares exactly the keys
 * the readers know.
 */
class ExamplePoliciesTest {
    private static final PolicyLoader LOADER = PolicyLoader.builder().build();

    static JsonNode schema() throws IOException {
        return new ObjectMapper().readTree(RepoFiles.policies().resolve("sluice-policy.schema.json").toFile());
    }

    @Test
    void embeddedDefaultIsByteForByteTheDeployFile() throws IOException {
        byte[] file = Files.readAllBytes(RepoFiles.policies().resolve("default.yaml"));
        try (InputStream in = PolicyLoader.class.getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE)) {
            assertArrayEquals(file, in.readAllBytes(),
                    "policy/src/main/resources" + PolicyLoader.DEFAULT_RESOURCE + " differs from deploy/policies/default.yaml");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default.yaml", "redact-all.yaml", "detect-only.yaml"})
    void examplesLoadAndUseOnlySchemaKeys(String name) throws IOException {
        Path file = RepoFiles.policies().resolve(name);
        assertEquals(List.of(), LOADER.check(file));
        Problems p = new Problems();
        Node tree = TreeReader.read(Files.readString(file), p);
        assertEquals(List.of(), SchemaWalker.check(tree, schema()));
    }

    @Test
    void examplesSayWhatTheirNamesSay() {
        assertEquals(Mode.DETECT, LOADER.load(RepoFiles.policies().resolve("detect-only.yaml")).policy().mode());
        var all = LOADER.load(RepoFiles.policies().resolve("redact-all.yaml")).policy();
        assertTrue(all.defaults().rules().stream().allMatch(r -> r.action() == dev.sluice.policy.Action.REDACT));
        assertEquals(3 + 1, all.defaults().rules().size());
    }

    @Test
    void theWalkerCatchesUndeclaredKeys() throws IOException {
        Problems p = new Problems();
        Node tree = TreeReader.read("defaults:\n  actions:\n    pii: {action: alert, colour: red}\n", p);
        assertEquals(1, SchemaWalker.check(tree, schema()).size());
    }

    private static Set<String> props(JsonNode schema, String pointer) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = schema.at(pointer).fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void schemaDeclaresExactlyTheKeysTheReadersKnow() throws IOException {
        JsonNode s = schema();
        assertEquals(new TreeSet<>(PolicyReader.TOP_KEYS), props(s, "/properties"));
        assertEquals(new TreeSet<>(RouteReader.DEFAULTS_KEYS), props(s, "/$defs/defaults/properties"));
        assertEquals(new TreeSet<>(RouteReader.ROUTE_KEYS), props(s, "/$defs/route/properties"));
        assertEquals(new TreeSet<>(MatchReader.KEYS), props(s, "/$defs/match/properties"));
        assertEquals(new TreeSet<>(AllowReader.KEYS), props(s, "/$defs/allowEntry/properties"));
        assertEquals(new TreeSet<>(ActionsReader.ENTRY_KEYS), props(s, "/$defs/actionEntry/oneOf/1/properties"));
        assertEquals(new TreeSet<>(BudgetReader.KEYS), props(s, "/$defs/budget/properties"));
        assertEquals(new TreeSet<>(IdentityReader.KEYS), props(s, "/$defs/identity/properties"));
        assertEquals(new TreeSet<>(IdentityReader.SOURCE_KEYS), props(s, "/$defs/identity/properties/source/properties"));
        assertEquals(new TreeSet<>(IdentityReader.TOKEN_KEYS), props(s, "/$defs/identity/properties/token/properties"));
        assertEquals(new TreeSet<>(IdentityReader.METRIC_KEYS),
                props(s, "/$defs/identity/properties/metric_services/properties"));
        assertEquals(Arrays.stream(FailureKind.values()).map(FailureKind::label).collect(Collectors.toCollection(TreeSet::new)),
                props(s, "/$defs/onFailure/oneOf/1/properties"));
        List<String> masks = new ArrayList<>();
        s.at("/$defs/actionEntry/oneOf/1/properties/mask/enum").forEach(n -> masks.add(n.asText()));
        assertEquals(Arrays.stream(MaskStyle.values()).map(MaskStyle::label).toList(), masks);
    }

    @Test
    void schemaOffersEveryBuiltinDetectorForCompletion() throws IOException {
        Set<String> builtin = DetectorCatalog.builtin().all().stream().map(Detector::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> offered = props(schema(), "/$defs/actions/properties");
        offered.removeAll(Set.of("pii", "secret", "attack"));
        assertEquals(builtin, offered);
        Set<String> reserved = new TreeSet<>();
        schema().at("/$defs/detector/properties/id/not/enum").forEach(n -> reserved.add(n.asText()));
        assertEquals(builtin, reserved);
    }
}
