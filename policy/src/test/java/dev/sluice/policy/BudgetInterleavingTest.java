package dev.sluice.policy;

import static dev.sluice.policy.Policies.finding;
import static dev.sluice.policy.Policies.hash;
import static dev.sluice.policy.Policies.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.budget.BudgetCounters;
import dev.sluice.policy.budget.InMemoryBudgetStore;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-token budgets through the policy engine, over seeded random interleavings of tokens,
 * values, allow-listed values, anonymous traffic and time: every verdict equals the one a plain
 * reference count per token gives (distinct values in the sliding window; over the budget → the
 * body and everything in the cool-down after it is blocked; a blocked body's values are not
 * received, so they do not count).
 */
class BudgetInterleavingTest {
    private static final long WINDOW = Duration.ofMinutes(10).toNanos();
    private static final long COOLDOWN = Duration.ofMinutes(30).toNanos();
    private static final int MAX = 4;
    private static final Policy POLICY = parse("""
            defaults:
              response:
                credit_card: {action: redact, mask: keep_last_4}
            allow:
              - value_hashes: ['%s']
            budgets:
              - name: card-harvest
                detectors: [credit_card]
                max_distinct: %d
                window: 10m
                cooldown: 30m
            """.formatted(hash("test-card"), MAX));

    /** The reference: per token, when each distinct value was last received, and the end of a cool-down. */
    private static final class Model {
        final Map<String, Long> lastSeen = new LinkedHashMap<>();
        long coolUntil = Long.MIN_VALUE;

        boolean blocks(long now, Set<String> counted) {
            if (now < coolUntil) {
                return true;
            }
            lastSeen.values().removeIf(t -> now - t >= WINDOW);
            Set<String> union = new HashSet<>(lastSeen.keySet());
            union.addAll(counted);
            if (union.size() > MAX) {
                coolUntil = now + COOLDOWN;
                lastSeen.clear();
                return true;
            }
            counted.forEach(v -> lastSeen.put(v, now));
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33, 44, 55, 66, 77, 88, 99, 110})
    void verdictsEqualAReferenceCountOverAnyInterleaving(long seed) {
        Random rnd = new Random(seed);
        AtomicLong now = new AtomicLong(0);
        PolicyEngine engine = new PolicyEngine(() -> POLICY, new InMemoryBudgetStore(now::get), new BudgetCounters());
        List<TokenIdentity> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(new TokenIdentity(TokenIdentity.Kind.JWT_CLAIM, "sub=user" + i));
        }
        Map<String, Model> models = new HashMap<>();
        for (int step = 0; step < 2_000; step++) {
            now.addAndGet(Duration.ofSeconds(rnd.nextInt(90)).toNanos());
            boolean anonymous = rnd.nextInt(10) == 0;
            TokenIdentity token = anonymous ? TokenIdentity.NONE : tokens.get(rnd.nextInt(tokens.size()));
            List<PolicyFinding> fs = new ArrayList<>();
            Set<String> counted = new HashSet<>();
            for (int i = rnd.nextInt(4); i > 0; i--) {
                boolean testCard = rnd.nextInt(8) == 0;
                String v = testCard ? "test-card" : "card" + rnd.nextInt(15);
                fs.add(finding("credit_card", "$.cards[" + i + "]", hash(v)));
                if (!testCard) {
                    counted.add(v);
                }
                if (rnd.nextInt(5) == 0) {
                    fs.add(finding("email", "$.email", hash("mail" + rnd.nextInt(50)))); // not budgeted
                }
            }
            Decision d = engine.decide(new DecisionRequest(RouteKey.http("h", "/cards", "GET", Direction.RESPONSE),
                    "web", "api", token, fs));
            boolean expected = !anonymous && models.computeIfAbsent(token.value(), k -> new Model())
                    .blocks(now.get(), counted);
            assertEquals(expected ? Verdict.BLOCK : Verdict.ALLOW, d.verdict(), "seed " + seed + " step " + step);
            if (expected) {
                assertEquals("budget:card-harvest", d.reason());
            }
        }
    }
}
