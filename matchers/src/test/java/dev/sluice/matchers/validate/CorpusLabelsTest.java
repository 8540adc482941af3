package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every labeled value in the shared corpora whose id has a validator passes it, in the context
 * the engine would give it. Values that legitimately fail are listed in {@link #KNOWN} with the
 * reason (STYLE.md habit 7); an entry that starts passing must be removed.
 */
class CorpusLabelsTest {

    /** TAXONOMY id to validator name; ip_address picks ipv4 or ipv6 by shape. */
    static final Map<String, String> VALIDATOR_FOR = Map.ofEntries(
            Map.entry("credit_card", "card"),
            Map.entry("us_ssn", "ssn"),
            Map.entry("iban", "iban"),
            Map.entry("us_bank_routing", "aba"),
            Map.entry("jwt", "jwt"),
            Map.entry("github_token", "github_checksum"),
            Map.entry("npm_token", "npm_checksum"),
            Map.entry("aws_access_key_id", "aws_key_id"),
            Map.entry("aws_secret_access_key", "aws_secret"),
            Map.entry("email", "email"),
            Map.entry("ip_address", "ipv4|ipv6"),
            Map.entry("phone_number", "phone"),
            Map.entry("date_of_birth", "date"),
            Map.entry("passport_number", "passport"),
            Map.entry("basic_auth_url", "basic_auth_url"),
            Map.entry("openai_api_key", "openai"),
            Map.entry("slack_webhook", "slack_webhook"),
            Map.entry("password_field", "password_value"),
            Map.entry("generic_api_key", "generic_secret"));

    /** Labels that fail their validator on purpose: {@code where()} to reason. */
    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("public-fixtures/docs/presidio__context_27.txt@18-27",
                    "Presidio context fixture 'passportnumberis912803456' glues the number to the words; the"
                            + " passport boundary (no letter or digit before) rejects it, as it must for SKUs"));

    private static List<Corpus.Label> labels;

    @BeforeAll
    static void load() {
        labels = Corpus.labels();
    }

    static String validatorFor(Corpus.Label l) {
        String v = VALIDATOR_FOR.get(l.id());
        if ("ipv4|ipv6".equals(v)) {
            return l.value().indexOf(':') >= 0 ? "ipv6" : "ipv4";
        }
        return v;
    }

    @Test
    void everyLabeledValuePassesItsValidator() {
        assumeTrue(!labels.isEmpty(), "shared corpora not found (set -Dsluice.shared)");
        Map<String, String> failures = new TreeMap<>();
        Set<String> expectedFailures = new TreeSet<>();
        int checked = 0;
        for (Corpus.Label l : labels) {
            String name = validatorFor(l);
            if (name == null) {
                continue;
            }
            checked++;
            boolean ok = Validators.named(name).test(l.candidate());
            if (KNOWN.containsKey(l.where())) {
                assertFalse(ok, "listed as a known failure but passes now; remove it from KNOWN: " + l);
                expectedFailures.add(l.where());
            } else if (!ok) {
                failures.put(l.where(), l.id() + " -> " + name + " value=" + l.value() + " before=" + tail(l.before()) + " after=" + l.after());
            }
        }
        assertTrue(checked > 500, "only " + checked + " labels checked");
        assertEquals(KNOWN.keySet(), expectedFailures, "KNOWN lists labels that are not in the corpus");
        assertTrue(failures.isEmpty(), failures.size() + " labeled values fail their validator:\n" + String.join("\n", failuresAsLines(failures)));
    }

    @Test
    void everyMappedIdHasLabels() {
        assumeTrue(!labels.isEmpty(), "shared corpora not found (set -Dsluice.shared)");
        Set<String> seen = new TreeSet<>();
        for (Corpus.Label l : labels) {
            seen.add(l.id());
        }
        assertTrue(seen.containsAll(VALIDATOR_FOR.keySet()), "ids without labels: " + VALIDATOR_FOR.keySet());
    }

    private static String tail(String s) {
        return s.length() <= 16 ? s : s.substring(s.length() - 16);
    }

    private static List<String> failuresAsLines(Map<String, String> f) {
        List<String> out = new ArrayList<>();
        f.forEach((k, v) -> out.add(k + ": " + v));
        return out;
    }
}
