package dev.sluice.policy;

import static dev.sluice.policy.Policies.finding;
import static dev.sluice.policy.Policies.hash;
import static dev.sluice.policy.Policies.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.RouteKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Streaming decisions ({@link Policy#decideNow}) agree with whole-body ones, and plans say what a route may do. */
class DecideNowTest {
    private static final Policy DEFAULT = Policies.LOADER.loadDefault();
    private static final Policy ROUTED = parse("""
            allow:
              - fields: ["$.public.*"]
            defaults:
              response:
                credit_card: {action: redact, mask: keep_last_4}
                secret: redact
              request:
                attack: block
            routes:
              - name: admin
                match: {path: /admin/**}
                response:
                  email: {action: redact, mask: fixed}
                  pii: block
            """);
    private static final List<String> IDS = List.of("email", "credit_card", "us_ssn", "iban", "aws_access_key_id",
            "github_token", "attack.sqli", "attack.xss", "jwt");
    private static final List<String> PATHS = List.of("$.a", "$.public.card", "$.users[0].email", "$.token");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyFindingGetsTheActionOfTheWholeBodyDecision(long seed) {
        Random rnd = new Random(seed);
        for (Policy policy : List.of(DEFAULT, ROUTED)) {
            for (int round = 0; round < 50; round++) {
                Direction dir = rnd.nextBoolean() ? Direction.REQUEST : Direction.RESPONSE;
                RouteKey key = RouteKey.http("api.acme.io", rnd.nextBoolean() ? "/admin/x" : "/shop", "GET", dir);
                List<PolicyFinding> fs = new ArrayList<>();
                for (int i = rnd.nextInt(6); i > 0; i--) {
                    fs.add(finding(IDS.get(rnd.nextInt(IDS.size())), PATHS.get(rnd.nextInt(PATHS.size())),
                            hash("v" + rnd.nextInt(5))));
                }
                Decision whole = policy.decide(new DecisionRequest(key, "web", "api", null, fs));
                for (int i = 0; i < fs.size(); i++) {
                    ImmediateAction now = policy.decideNow(key, "web", "api", fs.get(i));
                    assertEquals(whole.findings().get(i), now.decision(), "finding " + i + " of seed " + seed);
                    assertEquals(now.action() == Action.REDACT, now.mask() != null);
                }
            }
        }
    }

    @Test
    void defaultPlanHoldsRequestsForAttackBlocksAndStreamsResponsesThroughRedaction() {
        BodyPlan req = DEFAULT.plan(RouteKey.http("h", "/x", "POST", Direction.REQUEST));
        assertTrue(req.mayBlock());
        assertTrue(req.holdsForVerdict());
        assertFalse(req.mayRedact());
        BodyPlan resp = DEFAULT.plan(RouteKey.http("h", "/x", "GET", Direction.RESPONSE));
        assertFalse(resp.mayBlock());
        assertTrue(resp.mayRedact());
        assertFalse(resp.holdsForVerdict());
        assertEquals("default", resp.route());
    }

    @Test
    void detectModeNeverChangesABody() {
        BodyPlan p = DEFAULT.withMode(Mode.DETECT).plan(RouteKey.http("h", "/x", "POST", Direction.REQUEST));
        assertTrue(p.passesUnchanged());
        assertFalse(p.holdsForVerdict());
    }

    @Test
    void minimumCountsAndClosedFailRulesHoldTheBody() {
        Policy p = parse("""
                defaults:
                  response:
                    credit_card: {action: redact, min_count: 2}
                routes:
                  - name: strict
                    match: {path: /strict/**}
                    on_failure: closed
                """);
        assertTrue(p.plan(RouteKey.http("h", "/x", "GET", Direction.RESPONSE)).holdsForVerdict());
        BodyPlan strict = p.plan(RouteKey.http("h", "/strict/a", "GET", Direction.REQUEST));
        assertTrue(strict.mayBlock(), "a closed fail rule can refuse the body");
        assertTrue(strict.holdsForVerdict());
    }

    @Test
    void allowListedFindingsAreIgnoredAtOnce() {
        ImmediateAction a = ROUTED.decideNow(RouteKey.http("h", "/shop", "GET", Direction.RESPONSE), "web", "api",
                finding("credit_card", "$.public.card", hash("c")));
        assertEquals(Action.IGNORE, a.action());
        assertTrue(a.decision().allowListed());
        assertNull(a.mask());
        ImmediateAction b = ROUTED.decideNow(RouteKey.http("h", "/shop", "GET", Direction.RESPONSE), "web", "api",
                finding("credit_card", "$.card", hash("c")));
        assertNotNull(b.mask());
    }
}
