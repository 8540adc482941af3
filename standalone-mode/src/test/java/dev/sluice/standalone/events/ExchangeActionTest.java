package dev.sluice.standalone.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Action;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchange action of real policy decisions, in enforce and detect mode. */
class ExchangeActionTest {
    private static final String POLICY = """
            version: 1
            mode: %s
            defaults:
              response:
                email: alert
                credit_card: {action: redact, mask: keep_last_4}
                aws_access_key_id: block
                ip_address: ignore
            """;
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    private static Decision decide(String mode, String... detectors) {
        LoadResult loaded = PolicyLoader.builder().hasher(ValueHasher.random()).build()
                .parse(POLICY.formatted(mode), "test.yaml");
        assertTrue(loaded.ok(), loaded.errors().toString());
        Policy policy = loaded.policy();
        List<PolicyFinding> findings = java.util.Arrays.stream(detectors)
                .map(id -> new PolicyFinding(id, id.startsWith("aws") ? Category.SECRET : Category.PII, "$.v", HASH))
                .toList();
        return policy.decide(new DecisionRequest(RouteKey.http("api", "/v1/x", "GET", Direction.RESPONSE), "a", "b",
                null, findings));
    }

    @Test
    void theBodyTakesItsStrongestActionAndABlockWins() {
        assertEquals(ExchangeAction.ALLOW, ExchangeAction.of(decide("enforce")));
        assertEquals(ExchangeAction.ALLOW, ExchangeAction.of(decide("enforce", "ip_address")));
        assertEquals(ExchangeAction.ALERT, ExchangeAction.of(decide("enforce", "email", "ip_address")));
        assertEquals(ExchangeAction.REDACT, ExchangeAction.of(decide("enforce", "email", "credit_card")));
        assertEquals(ExchangeAction.BLOCK, ExchangeAction.of(decide("enforce", "credit_card", "aws_access_key_id")));
    }

    @Test
    void detectModeReportsWhatWouldHaveBeenDone() {
        Decision d = decide("detect", "aws_access_key_id");
        assertEquals(ExchangeAction.BLOCK, ExchangeAction.of(d));
        assertTrue(d.detectOnly());
    }

    @Test
    void labelsAreLowerCase() {
        assertEquals("allow", ExchangeAction.of(Action.IGNORE).label());
        assertEquals("block", ExchangeAction.BLOCK.label());
    }
}
