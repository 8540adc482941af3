package dev.sluice.policy;

import static dev.sluice.policy.Policies.finding;
import static dev.sluice.policy.Policies.hash;
import static dev.sluice.policy.Policies.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.budget.BudgetCounters;
import dev.sluice.policy.budget.InMemoryBudgetStore;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    private static final String BUDGET = """
            defaults:
              response:
                credit_card: {action: redact, mask: keep_last_4}
              request:
                attack: block
            allow:
              - value_hashes: ['%s']
            budgets:
              - name: card-harvest
                detectors: [credit_card]
                max_distinct: 3
                window: 10m
                cooldown: 30m
            """.formatted(hash("test-card"));
    private static final TokenIdentity ALICE = new TokenIdentity(TokenIdentity.Kind.JWT_CLAIM, "sub=alice");

    private final AtomicLong now = new AtomicLong();
    private final BudgetCounters counters = new BudgetCounters();

    private PolicyEngine engine(Policy p) {
        return new PolicyEngine(() -> p, new InMemoryBudgetStore(now::get), counters);
    }

    private static DecisionRequest cards(TokenIdentity token, String... values) {
        List<PolicyFinding> fs = new ArrayList<>();
        for (String v : values) {
            fs.add(finding("credit_card", "$.c", hash(v)));
        }
        return new DecisionRequest(RouteKey.http("h", "/cards", "GET", Direction.RESPONSE), "a", "b", token, fs);
    }

    @Test
    void aTokenOverItsBudgetIsBlockedForTheCoolDown() {
        PolicyEngine e = engine(parse(BUDGET));
        assertEquals(Verdict.ALLOW, e.decide(cards(ALICE, "1", "2")).verdict());
        assertEquals(Verdict.ALLOW, e.decide(cards(ALICE, "2", "3")).verdict());
        Decision over = e.decide(cards(ALICE, "4"));
        assertEquals(Verdict.BLOCK, over.verdict());
        assertEquals("budget:card-harvest", over.reason());
        assertEquals(List.of(), over.redactions());
        Decision clean = e.decide(cards(ALICE));
        assertEquals(Verdict.BLOCK, clean.verdict(), "every further response is blocked while cooling down");
        assertEquals("card-harvest", e.coolingDown(ALICE, Direction.RESPONSE));
        assertNull(e.coolingDown(ALICE, Direction.REQUEST));
        assertEquals(Verdict.ALLOW, e.decide(cards(new TokenIdentity(TokenIdentity.Kind.KEYED_HASH, "h:1"), "5")).verdict());
        now.addAndGet(Duration.ofMinutes(30).toNanos());
        assertEquals(Verdict.ALLOW, e.decide(cards(ALICE, "1")).verdict());
        assertEquals(2, counters.blocks("card-harvest"));
        assertEquals(1, counters.trips("card-harvest"));
    }

    @Test
    void anonymousTrafficIsNotBudgeted() {
        PolicyEngine e = engine(parse(BUDGET));
        assertEquals(Verdict.ALLOW, e.decide(cards(TokenIdentity.NONE, "1", "2", "3", "4", "5")).verdict());
    }

    @Test
    void allowListedValuesDoNotCount() {
        PolicyEngine e = engine(parse(BUDGET));
        assertEquals(Verdict.ALLOW, e.decide(cards(ALICE, "1", "2", "3", "test-card")).verdict());
    }

    @Test
    void detectModeTracksAndReportsButDoesNotBlock() {
        PolicyEngine e = engine(parse(BUDGET).withMode(Mode.DETECT));
        e.decide(cards(ALICE, "1", "2", "3"));
        Decision d = e.decide(cards(ALICE, "4"));
        assertEquals(Verdict.ALLOW, d.verdict());
        assertEquals(Verdict.BLOCK, d.wouldBeVerdict());
        assertEquals("budget:card-harvest", d.reason());
        assertEquals(1, counters.blocks("card-harvest"));
    }

    @Test
    void theEngineReadsThePolicyInForceAtEachCall() {
        AtomicLong version = new AtomicLong();
        Policy strict = parse("defaults:\n  response:\n    credit_card: block\n");
        Policy lax = parse("defaults:\n  response:\n    credit_card: alert\n");
        PolicyEngine e = new PolicyEngine(() -> version.get() == 0 ? strict : lax, new InMemoryBudgetStore(now::get),
                counters);
        assertEquals(Verdict.BLOCK, e.decide(cards(ALICE, "1")).verdict());
        version.set(1);
        assertEquals(Verdict.ALLOW, e.decide(cards(ALICE, "1")).verdict());
    }
}
