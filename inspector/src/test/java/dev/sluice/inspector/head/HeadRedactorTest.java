package dev.sluice.inspector.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadRedactor} under the default policy (secrets in responses become
 * {@code [REDACTED:<id>]}, card numbers keep their last four digits): a response head's values
 * rewritten as a front end sets them.
 */
class HeadRedactorTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final Policy POLICY = PolicyLoader.builder().build().loadDefault();
    private static final String TOKEN = "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";
    private static final String DB = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    private static final String[] HARMLESS = {"Server|nginx", "Cache-Control|no-store", "X-Request-Id|42",
        "Vary|Accept-Encoding", "Set-Cookie|theme=dark; Path=/"};

    private static List<HeadRedactor.Rewritten> redact(HeadBytes head) {
        InspectionResult r = inspector.inspectResponseHead(head);
        Decision d = POLICY.decide(new DecisionRequest(RouteKey.http("svc", "/", "GET", Direction.RESPONSE), "src",
                "dst", null, r.findings().stream().map(PolicyPlans::policyFinding).toList()));
        return HeadRedactor.rewrite(head, d, r.findings());
    }

    @Test
    void aSecretIsMaskedInsideItsValue() {
        List<HeadRedactor.Rewritten> out = redact(HeadBytes.response(200).header("Server", "nginx")
                .header("X-Trace", "upstream token=" + TOKEN + " (gateway)"));
        assertEquals(List.of(new HeadRedactor.Rewritten("x-trace",
                List.of("upstream token=[REDACTED:github_token] (gateway)"))), out);
    }

    @Test
    void aCardKeepsItsLastFourDigits() {
        List<HeadRedactor.Rewritten> out = redact(HeadBytes.response(200).header("X-Card", "4111 1111 1111 1111"));
        assertEquals(List.of(new HeadRedactor.Rewritten("x-card", List.of("**** **** **** 1111"))), out);
    }

    /**
     * A value that is base64 of JSON holding a card is found whole, and masked as sent, as a
     * percent-encoded value is: no letter of the base64 but the mask's last four is left, so
     * nothing of the card decodes from it.
     */
    @Test
    void aBase64ValueHoldingACardIsMaskedWhole() {
        String sent = "eyJuYW1lIjoiQW5hIiwiY2FyZCI6IjQxMTEgMTExMSAxMTExIDExMTEifQ==";
        List<HeadRedactor.Rewritten> out = redact(HeadBytes.response(200).header("X-Profile", sent));
        assertEquals(1, out.size(), out.toString());
        String masked = out.get(0).values().get(0);
        assertEquals(sent.length(), masked.length(), masked);
        assertEquals("*".repeat(sent.length() - 6), masked.substring(0, sent.length() - 6), masked);
    }

    @Test
    void repeatedFieldsAreAllGivenInOrder() {
        List<HeadRedactor.Rewritten> out = redact(HeadBytes.response(200).header("X-Hop", "a")
                .header("Via", "1.1 edge").header("X-Hop", DB).header("x-hop", "c"));
        assertEquals(List.of(new HeadRedactor.Rewritten("x-hop",
                List.of("a", "[REDACTED:basic_auth_url]/app", "c"))), out);
    }

    @Test
    void nothingToMaskChangesNothing() {
        assertEquals(List.of(), redact(HeadBytes.response(200).header("X-Owner", "alice.nguyen@fastmail.com")),
                "personal data is only reported under the default policy");
        assertEquals(List.of(), redact(HeadBytes.response(200).header("Server", "nginx")));
    }

    /**
     * Seeded heads: harmless fields with secrets dropped among them. Every secret is masked, no
     * other field is named, and each rewritten name lists all its values, as many as were sent.
     */
    @RepeatedTest(25)
    void secretsAmongHarmlessFieldsAreMaskedAndNothingElseMoves(RepetitionInfo info) {
        Random random = new Random(3000 + info.getCurrentRepetition());
        HeadBytes head = HeadBytes.response(200);
        List<String[]> sent = new ArrayList<>();
        int secrets = 0;
        for (int i = 0; i < 3 + random.nextInt(10); i++) {
            String[] field;
            if (random.nextInt(3) == 0) {
                field = new String[] {"X-Leak-" + random.nextInt(3), random.nextBoolean() ? TOKEN : "db=" + DB};
                secrets++;
            } else {
                field = HARMLESS[random.nextInt(HARMLESS.length)].split("\\|");
            }
            sent.add(field);
            head.header(field[0], field[1]);
        }
        List<HeadRedactor.Rewritten> out = redact(head);
        int masked = 0;
        for (HeadRedactor.Rewritten field : out) {
            assertTrue(field.name().startsWith("x-leak-"), field.toString());
            long count = sent.stream().filter(f -> f[0].equalsIgnoreCase(field.name())).count();
            assertEquals(count, field.values().size(), field.toString());
            for (String v : field.values()) {
                assertFalse(v.contains(TOKEN) || v.contains("Vt8qLm2xRz5p"), v);
                masked += v.contains("[REDACTED:") ? 1 : 0;
            }
        }
        assertEquals(secrets, masked);
    }
}
