package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code attacks.yaml}: its shape, and that every trigger compiles in Hyperscan on its own. */
class AttackTriggersTest {
    private static final Set<String> DETECTOR_KEYS =
        Set.of("id", "category", "priority", "value", "max_length", "directions", "patterns", "validators");
    private static final Set<String> PATTERN_KEYS = Set.of("regex", "caseless");

    @Test
    void yamlUsesOnlyTheEngineKeys() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/dev/sluice/matchers/attacks.yaml")) {
            JsonNode root = new YAMLMapper().readTree(in);
            assertEquals(Set.of("detectors"), fieldNames(root));
            assertEquals(15, root.get("detectors").size());
            for (JsonNode d : root.get("detectors")) {
                assertEquals(DETECTOR_KEYS, fieldNames(d), d.path("id").asText());
                assertEquals("attack", d.get("category").asText());
                assertEquals("whole", d.get("value").asText());
                assertEquals("[\"request\"]", d.get("directions").toString());
                for (JsonNode p : d.get("patterns")) {
                    assertTrue(PATTERN_KEYS.containsAll(fieldNames(p)), p.toString());
                }
            }
        }
    }

    @Test
    void everyPatternCompilesAlone() {
        for (AttackTriggers.Detector d : AttackTriggers.load()) {
            for (int p = 0; p < d.regexes().size(); p++) {
                String regex = d.regexes().get(p);
                int flags = com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_DOTALL
                    | (d.caseless().get(p) ? com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS : 0);
                assertDoesNotThrow(() -> AttackTriggers.compile(List.of(regex), List.of(flags)), d.id() + ": " + regex);
            }
        }
    }

    @Test
    void allPatternsCompileTogetherAndScan() {
        AttackTriggers t = AttackTriggers.get();
        long[] hits = t.triggers("x' OR 1=1--".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(hits[t.indexOf("attack.sqli")] >= 0);
        assertFalse(t.detect("hello world".getBytes(java.nio.charset.StandardCharsets.UTF_8)).contains("attack.sqli"));
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
