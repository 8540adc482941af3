package dev.sluice.standalone.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How an inspection's outcome and the route's fail rule turn into a block, and detect mode's would-be block. */
class ConclusionTest {
    private static final RouteKey STRICT = RouteKey.http("api", "/strict/x", "POST", Direction.REQUEST);
    private static final RouteKey OPEN = RouteKey.http("api", "/open/x", "POST", Direction.REQUEST);

    private static Policy policy(String mode) {
        LoadResult r = PolicyLoader.builder().build().parse("""
                version: 1
                mode: %s
                defaults:
                  on_failure: open
                  request:
                    attack: block
                routes:
                  - name: strict
                    match: {path: /strict/**}
                    on_failure: {limit: closed, parse_error: open}
                """.formatted(mode), "test.yaml");
        assertTrue(r.ok(), r.errors().toString());
        return r.policy();
    }

    private static Decision decide(Policy p, RouteKey key, List<PolicyFinding> findings) {
        return p.decide(new DecisionRequest(key, "a", "b", TokenIdentity.NONE, findings));
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void everyUnfinishedOutcomeHasAFailureKind(Outcome o) {
        FailureKind k = Conclusion.failureOf(o);
        if (o == Outcome.COMPLETE) {
            assertNull(k);
        } else {
            assertEquals(o.isLimit() ? FailureKind.LIMIT : FailureKind.PARSE_ERROR, k, o.name());
        }
    }

    @Test
    void aRouteThatFailsClosedOnLimitsBlocksALimitedBodyOnly() {
        Policy p = policy("enforce");
        Conclusion limited = Conclusion.of(decide(p, STRICT, List.of()), Outcome.INSPECTED_BYTES_LIMIT);
        assertTrue(limited.blocks());
        assertEquals("fail:limit", limited.blockReason());
        assertFalse(Conclusion.of(decide(p, STRICT, List.of()), Outcome.PARSE_ERROR).wouldBlock());
        assertFalse(Conclusion.of(decide(p, OPEN, List.of()), Outcome.INSPECTED_BYTES_LIMIT).wouldBlock());
        assertFalse(Conclusion.of(decide(p, STRICT, List.of()), Outcome.COMPLETE).wouldBlock());
    }

    @Test
    void aDetectorBlockNamesTheDetectorAndDetectModeOnlyWouldBlock() {
        List<PolicyFinding> sqli = List.of(new PolicyFinding("attack.sqli", Category.ATTACK, "$.q", null));
        Conclusion enforce = Conclusion.of(decide(policy("enforce"), OPEN, sqli), Outcome.COMPLETE);
        assertEquals("detector:attack.sqli", enforce.blockReason());
        assertTrue(enforce.blocks());
        Conclusion detect = Conclusion.of(decide(policy("detect"), OPEN, sqli), Outcome.COMPLETE);
        assertTrue(detect.wouldBlock());
        assertFalse(detect.blocks());
        assertEquals(Mode.DETECT, detect.decision().mode());
    }
}
