package dev.sluice.policy;

import static dev.sluice.policy.Policies.finding;
import static dev.sluice.policy.Policies.hash;
import static dev.sluice.policy.Policies.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.RouteKey;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BodyPlan#inspects()}: a route that can act on no finding is not inspected, and no other is. */
class BodyPlanInspectsTest {
    private static final List<String> IDS = List.of("email", "credit_card", "us_ssn", "iban", "ip_address",
            "aws_access_key_id", "github_token", "jwt", "password_field", "attack.sqli", "attack.xss");
    private static final List<String> KEYS = List.of("pii", "secret", "attack", "email", "ip_address", "jwt",
            "attack.sqli", "credit_card");
    private static final List<String> ACTIONS = List.of("ignore", "ignore", "ignore", "alert", "redact", "block");

    private static RouteKey key(String path, Direction d) {
        return RouteKey.http("api.acme.io", path, "GET", d);
    }

    @Test
    void aRouteThatIgnoresEveryCategoryAndFailsOpenIsNotInspected() {
        Policy p = parse("""
                defaults:
                  request:
                    attack: block
                  response:
                    secret: redact
                routes:
                  - name: static
                    match: {path: /static/**}
                    actions: {pii: ignore, secret: ignore, attack: ignore}
                  - name: health
                    match: {path: /healthz}
                    response: {pii: ignore, secret: ignore, attack: ignore}
                  - name: half
                    match: {path: /half/**}
                    actions: {pii: ignore, secret: ignore}
                  - name: strict
                    match: {path: /strict/**}
                    actions: {pii: ignore, secret: ignore, attack: ignore}
                    on_failure: {parse_error: closed}
                  - name: one-alerted
                    match: {path: /one/**}
                    actions: {jwt: alert, pii: ignore, secret: ignore, attack: ignore}
                """);
        for (Direction d : Direction.values()) {
            assertFalse(p.plan(key("/static/app.js", d)).inspects(), d.label());
            assertTrue(p.plan(key("/half/x", d)).inspects(), "attack falls to the defaults (or is alerted)");
            assertTrue(p.plan(key("/strict/x", d)).inspects(), "a parse error must still be found to refuse it");
            assertTrue(p.plan(key("/one/x", d)).inspects(), "a detector's own rule before its category's ignore");
            assertTrue(p.plan(key("/", d)).inspects());
        }
        assertFalse(p.plan(key("/healthz", Direction.RESPONSE)).inspects());
        assertEquals(List.of("default", "static (not inspected)", "health (responses not inspected)", "half",
                "strict", "one-alerted"), p.describeRoutes(), "as the start-up line names them");
        assertTrue(p.plan(key("/healthz", Direction.REQUEST)).inspects(), "the request's attacks are still blocked");
        assertTrue(Policies.LOADER.loadDefault().plan(key("/", Direction.RESPONSE)).inspects());
    }

    @Test
    void aBudgetKeepsItsDirectionInspected() {
        Policy p = parse("""
                routes:
                  - name: quiet
                    match: {path: /quiet/**}
                    actions: {pii: ignore, secret: ignore, attack: ignore}
                budgets:
                  - name: card-harvest
                    detectors: [credit_card]
                    max_distinct: 10
                    window: 1h
                    cooldown: 1h
                    direction: response
                """);
        assertTrue(p.plan(key("/quiet/x", Direction.RESPONSE)).inspects(), "the budget counts what it finds");
        assertFalse(p.plan(key("/quiet/x", Direction.REQUEST)).inspects());
    }

    /** Never skipped wrongly: on a route said not to be inspected, every finding of every detector is ignored. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aRouteLeftUninspectedIgnoresEveryFinding(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int uninspected = 0;
        for (int round = 0; round < 60; round++) {
            Policy p = parse(randomPolicy(random));
            for (Direction d : Direction.values()) {
                for (String path : List.of("/r/x", "/other")) {
                    RouteKey k = key(path, d);
                    if (p.plan(k).inspects()) {
                        continue;
                    }
                    uninspected++;
                    for (String id : IDS) {
                        ImmediateAction a = p.decideNow(k, "web", "api", finding(id, "$.v", hash(id)));
                        assertEquals(Action.IGNORE, a.action(), id + " under " + d.label() + " " + path + " of seed "
                                + seed + " round " + round);
                        Decision whole = p.decide(new DecisionRequest(k, "web", "api", null,
                                List.of(finding(id, "$.v", hash(id)), finding(id, "$.w", hash(id + "2")))));
                        assertEquals(Action.IGNORE, whole.findings().getFirst().action(), id);
                    }
                }
            }
        }
        assertTrue(uninspected > 0, "the generator must reach uninspected routes");
    }

    /**
     * The plan is read from the rules that can apply ({@code DecisionMaker.reachable}), never
     * fewer: every block or redaction the policy decides, for any detector, whole body or
     * streaming, is one the plan said could come; a sample is allowed only where none can.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void thePlanNeverMissesABlockOrARedactionTheRulesCanMake(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int narrowed = 0;
        for (int round = 0; round < 60; round++) {
            Policy p = parse(randomPolicy(random));
            for (Direction d : Direction.values()) {
                for (String path : List.of("/r/x", "/other")) {
                    RouteKey k = key(path, d);
                    BodyPlan plan = p.plan(k);
                    boolean anyBlock = false;
                    boolean anyRedact = false;
                    for (String id : IDS) {
                        List<PolicyFinding> three = List.of(finding(id, "$.a", hash(id)), finding(id, "$.b",
                                hash(id + "2")), finding(id, "$.c", hash(id + "3")));
                        Decision whole = p.decide(new DecisionRequest(k, "web", "api", null, three));
                        Action streamed = p.decideNow(k, "web", "api", three.getFirst()).action();
                        for (Action a : List.of(whole.findings().getFirst().action(), streamed)) {
                            anyBlock |= a == Action.BLOCK;
                            anyRedact |= a == Action.REDACT;
                        }
                    }
                    String where = d.label() + " " + path + " of seed " + seed + " round " + round;
                    assertTrue(!anyBlock || plan.blockRules(), "a block the plan did not expect: " + where);
                    assertTrue(!anyRedact || plan.redactRules(), "a redaction the plan did not expect: " + where);
                    if ((anyBlock || anyRedact) && p.rules(k).sampleConflict() == null) {
                        throw new AssertionError("a sample allowed where a message can change: " + where);
                    }
                    narrowed += !anyRedact && chainRedacts(p, k) && !plan.redactRules() ? 1 : 0;
                }
            }
        }
        assertTrue(narrowed > 0, "the generator must reach redactions that never apply");
    }

    private static boolean chainRedacts(Policy p, RouteKey k) {
        return p.rules(k).chain().stream().anyMatch(r -> r.action() == Action.REDACT);
    }

    /**
     * Defaults and one route, each with a few rules: categories and detectors, every action, min
     * counts; half of the sections ignore every category, with or without detectors' own rules.
     */
    private static String randomPolicy(SplittableRandom random) {
        String defaults = section(random, "  ");
        StringBuilder y = new StringBuilder(defaults.isEmpty() ? "defaults: {}\n" : "defaults:\n" + defaults);
        y.append("routes:\n  - name: r\n    match: {path: /r/**}\n").append(section(random, "    "));
        return y.toString();
    }

    private static String section(SplittableRandom random, String indent) {
        StringBuilder y = new StringBuilder();
        for (String part : List.of("actions", "request", "response")) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            y.append(indent).append(part).append(":\n");
            List<String> keys = new java.util.ArrayList<>(KEYS);
            int rules = 1 + random.nextInt(4);
            if (random.nextBoolean()) { // every category ignored, and maybe a detector or two of its own
                for (String category : List.of("pii", "secret", "attack")) {
                    keys.remove(category);
                    y.append(indent).append("  ").append(category).append(": ignore\n");
                }
                rules = random.nextInt(3);
            }
            for (int i = 0; i < rules && !keys.isEmpty(); i++) {
                String k = keys.remove(random.nextInt(keys.size()));
                String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
                String value = random.nextInt(5) == 0 && !action.equals("ignore")
                        ? "{action: " + action + ", min_count: 2}" : action;
                y.append(indent).append("  ").append(k).append(": ").append(value).append('\n');
            }
        }
        return y.toString();
    }
}
