package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.matchers.validate.ArrayCandidate;
import dev.sluice.matchers.validate.ByteValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays {@code vectors/attack.<class>.jsonl}: each vector's value must be judged as its
 * {@code attack} field says by the validator alone, and every attack vector must also fire
 * one of the detector's Hyperscan triggers (a trigger that misses hides the validator).
 */
class AttackVectorsTest {

    /** {@code key}: the name the value came under ({@code user-agent}), or null. */
    record Vector(String value, boolean attack, String why, String key) {
        @Override
        public String toString() {
            return why;
        }
    }

    static List<Vector> vectors(String name) throws IOException {
        List<Vector> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = AttackVectorsTest.class.getResourceAsStream("/vectors/attack." + name + ".jsonl")) {
            if (in == null) {
                throw new IllegalStateException("no vector file for " + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                out.add(new Vector(n.get("value").asText(), n.get("attack").asBoolean(), n.get("why").asText(),
                        n.path("key").isMissingNode() ? null : n.get("key").asText()));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqli", "xss", "rce", "lfi", "ssrf", "log4shell", "xxe", "crlf", "nosqli", "proto_pollution", "ldapi", "mail", "scanner", "graphql_introspection", "deserialization"})
    void validatorJudgesEveryVectorAsLabelled(String name) throws IOException {
        ByteValidator v = AttackValidators.all().get(name);
        List<String> wrong = new ArrayList<>();
        List<Vector> all = vectors(name);
        for (Vector vec : all) {
            if (v.test(ArrayCandidate.of(vec.value()).key(vec.key())) != vec.attack()) {
                wrong.add((vec.attack() ? "missed: " : "false positive: ") + vec.why() + " <" + vec.value() + ">");
            }
        }
        assertTrue(wrong.isEmpty(), name + ": " + wrong.size() + " of " + all.size() + " wrong:\n" + String.join("\n", wrong));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqli", "xss", "rce", "lfi", "ssrf", "log4shell", "xxe", "crlf", "nosqli", "proto_pollution", "ldapi", "mail", "scanner", "graphql_introspection", "deserialization"})
    void everyAttackVectorFiresATriggerOfItsDetector(String name) throws IOException {
        AttackTriggers triggers = AttackTriggers.get();
        int d = triggers.indexOf("attack." + name);
        List<String> silent = new ArrayList<>();
        for (Vector vec : vectors(name)) {
            if (vec.attack() && triggers.triggers(vec.value().getBytes(StandardCharsets.UTF_8))[d] < 0) {
                silent.add(vec.why() + " <" + vec.value() + ">");
            }
        }
        assertTrue(silent.isEmpty(), "no trigger fires for:\n" + String.join("\n", silent));
    }

    @Test
    void catalogNamesEveryValidatorTheYamlUses() {
        assertEquals(Set.of("sqli", "xss", "rce", "lfi", "ssrf", "log4shell", "xxe", "crlf", "nosqli", "proto_pollution",
                "ldapi", "mail", "scanner", "graphql_introspection", "deserialization"),
                AttackValidators.all().keySet());
        for (AttackTriggers.Detector d : AttackTriggers.load()) {
            assertTrue(d.id().startsWith("attack."), d.id());
            for (String v : d.validators()) {
                assertTrue(AttackValidators.all().containsKey(v), d.id() + " uses unknown validator " + v);
            }
        }
    }

    @Test
    void validatorsLookOnlyInsideTheirCandidate() {
        byte[] buf = "' OR '1'='1<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        ArrayCandidate inner = new ArrayCandidate().reset(buf, 0, buf.length, 11, 0);
        for (ByteValidator v : AttackValidators.all().values()) {
            assertEquals(false, v.test(inner));
        }
    }
}
