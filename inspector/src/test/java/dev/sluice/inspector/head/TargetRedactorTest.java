package dev.sluice.inspector.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.BuiltinEngine;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.Policy;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.PolicyLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * {@link TargetRedactor} under a policy that redacts personal data in requests (cards keep their
 * last four digits, e-mail addresses become a keyed hash, the rest a fixed text): the target a
 * front end sends upstream in place of the received one.
 */
class TargetRedactorTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final Policy POLICY = PolicyLoader.builder().build().parse("""
            version: 1
            defaults:
              request:
                credit_card: {action: redact, mask: keep_last_4}
                email: {action: redact, mask: keyed_hash}
                pii: redact
                secret: redact
            """, "test.yaml").policy();
    private static final String CARD = "4111 1111 1111 1111";
    private static final String EMAIL = "jane.roe@mailbox.org";

    private static String redact(String target) {
        HeadBytes head = HeadBytes.request("GET", target).header("User-Agent", "curl/8.5");
        InspectionResult r = inspector.inspectRequestHead(head);
        Decision d = POLICY.decide(new DecisionRequest(RouteKey.http("svc", "/", "GET", Direction.REQUEST), "src",
                "dst", null, r.findings().stream().map(PolicyPlans::policyFinding).toList()));
        return TargetRedactor.rewrite(head, d, r.findings());
    }

    /** The query's parameters, decoded, in order. */
    private static Map<String, String> parameters(String target) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = target.indexOf('?');
        for (String pair : target.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aCardInTheQueryKeepsItsLastFourDigitsDecodedAndEncodedAgain() {
        assertEquals("/pay?card=****%20****%20****%201111&n=2", redact("/pay?card=4111%201111%201111%201111&n=2"));
        assertEquals("/pay?card=****%20****%20****%201111", redact("/pay?card=4111+1111+1111+1111"),
                "a plus is a space in a query");
        assertEquals("/pay?card=************1111", redact("/pay?card=4111111111111111"));
    }

    @Test
    void aValueInThePathIsMaskedWithoutAddingASegment() {
        String out = redact("/v1/users/" + EMAIL.replace("@", "%40") + "/orders?page=2");
        assertTrue(out.matches("/v1/users/h:[0-9a-f]{16}/orders\\?page=2"), out);
        assertEquals("/v1/cards/************1111/charges", redact("/v1/cards/4111111111111111/charges"));
    }

    @Test
    void aFixedMaskIsEscapedWhereItsCharactersWouldEndTheValue() {
        String out = redact("/x?ssn=123-45-6789&next=%2Fhome");
        assertEquals("/x?ssn=%5BREDACTED:us_ssn%5D&next=%2Fhome", out);
        assertEquals("[REDACTED:us_ssn]", parameters(out).get("ssn"));
    }

    @Test
    void aTargetWithNothingRedactedIsNotRewritten() {
        assertNull(redact("/search?q=select+a+plan&page=3"));
        assertNull(redact("/"));
    }

    @Test
    void theAbsoluteFormKeepsItsSchemeAndAuthority() {
        assertEquals("http://api.acme.io:8080/pay?card=************1111",
                redact("http://api.acme.io:8080/pay?card=4111111111111111"));
    }

    /**
     * Random queries mixing harmless parameters with cards and addresses, escaped at random: the
     * rewritten target has the same parameters in the same order, the harmless ones unchanged,
     * and read again it holds no card and no address.
     */
    @RepeatedTest(8)
    void theQueryKeepsItsShapeAndLosesItsValues(RepetitionInfo rep) {
        Random random = new Random(1234 + rep.getCurrentRepetition());
        List<String> pairs = new ArrayList<>();
        Map<String, String> harmless = new LinkedHashMap<>();
        for (int i = 0; i < 2 + random.nextInt(6); i++) {
            String value = switch (random.nextInt(4)) {
                case 0 -> CARD;
                case 1 -> EMAIL;
                default -> "page " + random.nextInt(100);
            };
            if (value.startsWith("page")) {
                harmless.put("p" + i, value);
            }
            pairs.add("p" + i + "=" + escape(value, random));
        }
        String target = "/api/items?" + String.join("&", pairs);
        String out = redact(target);
        Map<String, String> before = parameters(target);
        Map<String, String> after = parameters(out == null ? target : out);
        assertEquals(before.keySet(), after.keySet(), out);
        harmless.forEach((name, value) -> assertEquals(value, after.get(name)));
        HeadBytes again = HeadBytes.request("GET", out == null ? target : out);
        assertEquals(List.of(), inspector.inspectRequestHead(again).findings(), out);
    }

    /**
     * Targets of random bytes (broken escapes, controls, spaces, non-ASCII, the delimiters) with
     * cards among them: the rewrite never throws, and what it gives is a target a front end can
     * send (no white space, no control byte) in which the cards are no longer found.
     */
    @RepeatedTest(20)
    void anyTargetIsRewrittenIntoOneThatCanBeSent(RepetitionInfo rep) {
        Random random = new Random(77 + rep.getCurrentRepetition());
        String alphabet = "aZ09-._~%+&=/?#;: \t\u00e9\u0001\u007f[]@!$'()*,";
        StringBuilder target = new StringBuilder("/");
        for (int i = 0; i < 1 + random.nextInt(12); i++) {
            for (int j = random.nextInt(8); j > 0; j--) {
                target.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            target.append(random.nextBoolean() ? "&c=" : "/").append(random.nextInt(3) == 0 ? "4111111111111111" : "x");
        }
        String out = redact(target.toString());
        if (out != null) {
            assertTrue(out.chars().noneMatch(c -> c <= ' ' || c == 0x7f), out);
            assertEquals(List.of(), inspector.inspectRequestHead(HeadBytes.request("GET", out)).findings().stream()
                    .filter(f -> f.id().equals("credit_card")).toList(), out);
        }
    }

    /** {@code value} with spaces as {@code +} or {@code %20} and {@code @} escaped or not. */
    private static String escape(String value, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c == ' ' ? (random.nextBoolean() ? "+" : "%20") : c == '@' && random.nextBoolean() ? "%40"
                    : String.valueOf(c));
        }
        return out.toString();
    }
}
