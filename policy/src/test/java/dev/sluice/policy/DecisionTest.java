package dev.sluice.policy;

import static dev.sluice.policy.Policies.actions;
import static dev.sluice.policy.Policies.finding;
import static dev.sluice.policy.Policies.hash;
import static dev.sluice.policy.Policies.parse;
import static dev.sluice.policy.Policies.request;
import static dev.sluice.policy.Policies.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.mask.MaskStyle;
import dev.sluice.policy.select.RouteKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
    private static final Policy DEFAULT = Policies.LOADER.loadDefault();

    @Test
    void defaultBlocksAttackRequests() {
        Decision d = DEFAULT.decide(request(Direction.REQUEST, "/search", finding("email", "$.q", hash("e")),
                finding("attack.sqli", "$.q", hash("s"))));
        assertEquals(Verdict.BLOCK, d.verdict());
        assertEquals("detector:attack.sqli", d.reason());
        assertEquals(List.of(Action.ALERT, Action.BLOCK), actions(d));
        assertEquals(List.of(), d.redactions());
        assertEquals("default", d.route());
    }

    @Test
    void defaultRedactsCardsAndSecretsInResponsesAndAlertsOnPii() {
        Decision d = DEFAULT.decide(response("/me", finding("credit_card", "$.card", hash("c")),
                finding("email", "$.email", hash("e")), finding("aws_access_key_id", "$.key", hash("k"))));
        assertEquals(Verdict.ALLOW, d.verdict());
        assertEquals(List.of(Action.REDACT, Action.ALERT, Action.REDACT), actions(d));
        assertEquals(2, d.redactions().size());
        Redaction card = d.redactions().get(0);
        assertEquals(0, card.index());
        assertEquals(MaskStyle.KEEP_LAST_4, card.mask().style());
        byte[] v = "4111 1111 1111 1111".getBytes(StandardCharsets.US_ASCII);
        assertEquals("**** **** **** 1111", new String(card.replacement(v, 0, v.length), StandardCharsets.US_ASCII));
        Redaction key = d.redactions().get(1);
        assertEquals(2, key.index());
        assertEquals("[REDACTED:aws_access_key_id]", new String(key.mask().apply(new byte[20]), StandardCharsets.US_ASCII));
        assertEquals("defaults.response.credit_card", d.findings().get(0).rule());
        assertEquals("defaults.actions.pii", d.findings().get(1).rule());
    }

    @Test
    void defaultOnlyAlertsOnSecretsInRequestsAndAttacksInResponses() {
        assertEquals(List.of(Action.ALERT), actions(DEFAULT.decide(request(Direction.REQUEST, "/login",
                finding("password_field", "$.password", hash("p"))))));
        assertEquals(List.of(Action.ALERT), actions(DEFAULT.decide(response("/x", finding("attack.xss", null, null)))));
    }

    @Test
    void noRuleMeansAlert() {
        Decision d = parse("version: 1\n").decide(response("/x", finding("email", "$.e", hash("e"))));
        assertEquals(List.of(Action.ALERT), actions(d));
        assertEquals("implicit", d.findings().getFirst().rule());
    }

    private static final String MIN_COUNT = """
            defaults:
              response:
                credit_card: {action: redact, mask: keep_last_4}
            routes:
              - name: cards
                match: {path: /cards/**}
                response:
                  credit_card: {action: block, min_count: 3}
            """;

    @Test
    void minCountBlocksOnlyFromTheThirdDistinctCard() {
        Policy p = parse(MIN_COUNT);
        Decision two = p.decide(response("/cards/export", finding("credit_card", "$[0]", hash("1")),
                finding("credit_card", "$[1]", hash("2"))));
        assertEquals(Verdict.ALLOW, two.verdict());
        assertEquals(List.of(Action.REDACT, Action.REDACT), actions(two), "below the minimum the defaults decide");
        Decision three = p.decide(response("/cards/export", finding("credit_card", "$[0]", hash("1")),
                finding("credit_card", "$[1]", hash("2")), finding("credit_card", "$[2]", hash("3"))));
        assertEquals(Verdict.BLOCK, three.verdict());
        assertEquals("cards", three.route());
        assertEquals(List.of(Action.BLOCK, Action.BLOCK, Action.BLOCK), actions(three));
    }

    @Test
    void minCountCountsDistinctValuesAndUnhashedOnesSeparately() {
        Policy p = parse(MIN_COUNT);
        assertEquals(Verdict.ALLOW, p.decide(response("/cards/x", finding("credit_card", "$[0]", hash("1")),
                finding("credit_card", "$[1]", hash("1")), finding("credit_card", "$[2]", hash("1")))).verdict());
        assertEquals(Verdict.BLOCK, p.decide(response("/cards/x", finding("credit_card", "$[0]", null),
                finding("credit_card", "$[1]", null), finding("credit_card", "$[2]", hash("1")))).verdict());
    }

    @Test
    void minCountOnACategoryCountsAcrossItsDetectors() {
        Policy p = parse("defaults:\n  response:\n    pii: {action: block, min_count: 2}\n");
        assertEquals(Verdict.ALLOW, p.decide(response("/", finding("email", "$.a", hash("a")))).verdict());
        assertEquals(Verdict.BLOCK, p.decide(response("/", finding("email", "$.a", hash("a")),
                finding("us_ssn", "$.b", hash("b")))).verdict());
    }

    @Test
    void lookupOrderRouteBeforeDefaultsIdBeforeCategoryDirectionBeforeBoth() {
        Policy p = parse("""
                defaults:
                  actions:
                    email: block
                routes:
                  - name: r
                    match: {path: /r}
                    actions:
                      pii: ignore
                      us_ssn: alert
                    response:
                      us_ssn: {action: redact, mask: fixed}
                """);
        Decision resp = p.decide(response("/r", finding("email", "$.e", hash("e")), finding("us_ssn", "$.s", hash("s"))));
        assertEquals(List.of(Action.IGNORE, Action.REDACT), actions(resp));
        Decision req = p.decide(request(Direction.REQUEST, "/r", finding("us_ssn", "$.s", hash("s"))));
        assertEquals(List.of(Action.ALERT), actions(req));
        Decision elsewhere = p.decide(response("/other", finding("email", "$.e", hash("e"))));
        assertEquals(Verdict.BLOCK, elsewhere.verdict());
    }

    private static final String ALLOW = """
            defaults:
              response:
                credit_card: block
                email: block
            routes:
              - name: health
                match: {path: /healthz}
              - name: billing
                match: {path: /billing/**}
                allow:
                  - fields: ['$.invoice.email']
            allow:
              - value_hashes: ['%s']
              - fields: ['$.test_cards[*]']
                detectors: [credit_card]
              - routes: [health]
              - sources: ['audit.*']
              - destinations: ['sandbox.*']
            """.formatted(hash("4242424242424242"));

    @Test
    void allowListsByValueFieldRouteServiceAndRouteLocal() {
        Policy p = parse(ALLOW);
        assertEquals(Verdict.ALLOW, p.decide(response("/x", finding("credit_card", "$.c", hash("4242424242424242")))).verdict());
        assertEquals(Verdict.BLOCK, p.decide(response("/x", finding("credit_card", "$.c", hash("4111111111111111")))).verdict());
        assertEquals(Verdict.ALLOW, p.decide(response("/x", finding("credit_card", "$.test_cards[3]", hash("9")))).verdict());
        assertEquals(Verdict.BLOCK, p.decide(response("/x", finding("email", "$.test_cards[3]", hash("9")))).verdict(),
                "the field entry is narrowed to credit_card");
        assertEquals(Verdict.ALLOW, p.decide(response("/healthz", finding("email", "$.e", hash("e")))).verdict());
        assertEquals(Verdict.ALLOW, p.decide(response("/billing/1", finding("email", "$.invoice.email", hash("e")))).verdict());
        assertEquals(Verdict.BLOCK, p.decide(response("/other", finding("email", "$.invoice.email", hash("e")))).verdict(),
                "a route's own allow-list applies on that route only");
        DecisionRequest fromAudit = new DecisionRequest(RouteKey.http("h", "/x", "GET", Direction.RESPONSE),
                "audit.sec", "checkout.shop", TokenIdentity.NONE, List.of(finding("email", "$.e", hash("e"))));
        assertEquals(Verdict.ALLOW, p.decide(fromAudit).verdict());
        DecisionRequest toSandbox = new DecisionRequest(RouteKey.http("h", "/x", "GET", Direction.RESPONSE),
                "web.shop", "sandbox.dev", TokenIdentity.NONE, List.of(finding("email", "$.e", hash("e"))));
        assertEquals(Verdict.ALLOW, p.decide(toSandbox).verdict());
        FindingDecision f = p.decide(fromAudit).findings().getFirst();
        assertTrue(f.allowListed());
        assertEquals(Action.IGNORE, f.action());
        assertEquals("allow-list: allow[3]", f.rule());
    }

    @Test
    void allowListedValuesDoNotCountTowardsMinimums() {
        Policy p = parse(MIN_COUNT + "allow:\n  - value_hashes: ['" + hash("3") + "']\n");
        Decision d = p.decide(response("/cards/x", finding("credit_card", "$[0]", hash("1")),
                finding("credit_card", "$[1]", hash("2")), finding("credit_card", "$[2]", hash("3"))));
        assertEquals(Verdict.ALLOW, d.verdict());
        assertEquals(List.of(Action.REDACT, Action.REDACT, Action.IGNORE), actions(d));
    }

    @Test
    void detectModeReportsTheWouldBeDecisionAndChangesNothing() {
        Policy p = DEFAULT.withMode(Mode.DETECT);
        Decision block = p.decide(request(Direction.REQUEST, "/", finding("attack.xss", "$.q", hash("x"))));
        assertTrue(block.detectOnly());
        assertEquals(Verdict.ALLOW, block.verdict());
        assertEquals(Verdict.BLOCK, block.wouldBeVerdict());
        assertEquals("detector:attack.xss", block.reason());
        Decision redact = p.decide(response("/", finding("credit_card", "$.c", hash("c"))));
        assertEquals(List.of(), redact.redactions());
        assertEquals(1, redact.wouldBeRedactions().size());
        assertEquals(Mode.ENFORCE, DEFAULT.mode());
    }

    private static final String ROUTE_MODES = """
            mode: %s
            defaults:
              request:
                attack: block
              response:
                credit_card: redact
            routes:
              - name: beta
                match: {path: /beta/**}
                mode: %s
              - name: admin
                match: {path: /admin/**}
                mode: enforce
                request:
                  attack: alert
            """;

    @Test
    void aRouteInDetectModeOnlyReportsWhileTheRestIsEnforced() {
        Policy p = parse(ROUTE_MODES.formatted("enforce", "detect"));
        Decision beta = p.decide(request(Direction.REQUEST, "/beta/search", finding("attack.sqli", "$.q", hash("s"))));
        assertEquals(Mode.DETECT, beta.mode());
        assertEquals("beta", beta.route());
        assertEquals(Verdict.ALLOW, beta.verdict());
        assertEquals(Verdict.BLOCK, beta.wouldBeVerdict(), "the defaults' rules still decide what it would do");
        Decision betaCard = p.decide(response("/beta/me", finding("credit_card", "$.c", hash("c"))));
        assertEquals(List.of(), betaCard.redactions());
        assertEquals(1, betaCard.wouldBeRedactions().size());
        Decision other = p.decide(request(Direction.REQUEST, "/search", finding("attack.sqli", "$.q", hash("s"))));
        assertEquals(Mode.ENFORCE, other.mode());
        assertEquals(Verdict.BLOCK, other.verdict());
        RouteKey betaKey = RouteKey.http("api.acme.io", "/beta/x", "POST", Direction.REQUEST);
        assertEquals(Mode.DETECT, p.plan(betaKey).mode());
        assertFalse(p.plan(betaKey).mayBlock(), "nothing is held for a verdict that will not be carried out");
        assertFalse(p.plan(RouteKey.http("api.acme.io", "/beta/x", "GET", Direction.RESPONSE)).mayRedact());
        assertTrue(p.plan(RouteKey.http("api.acme.io", "/x", "GET", Direction.RESPONSE)).mayRedact());
        assertEquals(List.of("default", "beta (detect)", "admin"), p.describeRoutes());
    }

    @Test
    void aRouteCanBeEnforcedUnderAPolicyInDetectMode() {
        Policy p = parse(ROUTE_MODES.formatted("detect", "enforce"));
        assertEquals(Mode.DETECT, p.mode());
        Decision beta = p.decide(request(Direction.REQUEST, "/beta/search", finding("attack.sqli", "$.q", hash("s"))));
        assertEquals(Verdict.BLOCK, beta.verdict());
        Decision other = p.decide(request(Direction.REQUEST, "/search", finding("attack.sqli", "$.q", hash("s"))));
        assertEquals(Verdict.ALLOW, other.verdict());
        assertTrue(other.detectOnly());
        assertEquals(List.of("default", "beta (enforce)", "admin (enforce)"), p.describeRoutes());
    }

    @Test
    void anOverrideReplacesEveryModeInTheFile() {
        Policy p = parse(ROUTE_MODES.formatted("enforce", "detect"));
        Policy detect = p.withMode(Mode.DETECT);
        for (String path : List.of("/beta/q", "/admin/q", "/q")) {
            Decision d = detect.decide(response(path, finding("credit_card", "$.c", hash("c"))));
            assertEquals(Mode.DETECT, d.mode(), path);
        }
        Policy enforce = p.withMode(Mode.ENFORCE);
        assertEquals(Mode.ENFORCE,
                enforce.decide(response("/beta/q", finding("credit_card", "$.c", hash("c")))).mode());
        assertEquals(List.of("default", "beta", "admin"), enforce.describeRoutes());
        assertSame(DEFAULT, DEFAULT.withMode(Mode.ENFORCE), "nothing to replace");
    }

    @Test
    void aRoutesRulesAreResolvedOnceNotPerBody() {
        Policy p = parse(ROUTE_MODES.formatted("enforce", "detect"));
        RouteRules a = p.rules(RouteKey.http("a.io", "/beta/1", "GET", Direction.RESPONSE));
        assertSame(a, p.rules(RouteKey.http("b.io", "/beta/2/3", "POST", Direction.RESPONSE)));
        assertSame(a.plan(), p.plan(RouteKey.http("c.io", "/beta/4", "GET", Direction.RESPONSE)));
        assertNotSame(a, p.rules(RouteKey.http("a.io", "/beta/1", "GET", Direction.REQUEST)));
        assertNotSame(a, p.rules(RouteKey.http("a.io", "/admin/1", "GET", Direction.RESPONSE)));
    }

    @Test
    void aBlockedBodyHasNoRedactions() {
        Decision d = parse("defaults:\n  response:\n    email: block\n    credit_card: redact\n").decide(
                response("/", finding("credit_card", "$.c", hash("c")), finding("email", "$.e", hash("e"))));
        assertEquals(Verdict.BLOCK, d.verdict());
        assertEquals(List.of(), d.redactions());
        assertEquals(Action.BLOCK, d.strongestAction());
    }

    @Test
    void failRulesPerRouteInheritFromDefaults() {
        Policy p = parse("""
                defaults:
                  on_failure: {limit: closed}
                routes:
                  - name: strict
                    match: {path: /strict}
                    on_failure: closed
                  - name: partial
                    match: {path: /partial}
                    on_failure: {timeout: closed}
                """);
        assertEquals(new FailRule(true, false, false), p.decide(response("/x")).failRule());
        assertEquals(FailRule.CLOSED, p.decide(response("/strict")).failRule());
        FailRule partial = p.decide(response("/partial")).failRule();
        assertTrue(partial.failsClosed(FailureKind.LIMIT));
        assertFalse(partial.failsClosed(FailureKind.PARSE_ERROR));
        assertTrue(partial.failsClosed(FailureKind.TIMEOUT));
        assertEquals(FailRule.OPEN, DEFAULT.decide(response("/")).failRule());
    }

    @Test
    void grpcRoutesSelectByServiceAndMethod() {
        Policy p = parse("""
                routes:
                  - name: payments
                    match: {grpc_service: acme.pay.v1.Payments}
                    response:
                      pii: block
                  - name: payments-lookup
                    match: {grpc_service: acme.pay.v1.Payments, grpc_method: Lookup}
                    response:
                      pii: ignore
                """);
        DecisionRequest charge = new DecisionRequest(RouteKey.grpc("h", "/acme.pay.v1.Payments/Charge", null, null,
                Direction.RESPONSE), "a", "b", null, List.of(finding("email", "$.e", hash("e"))));
        assertEquals("payments", p.decide(charge).route());
        assertEquals(Verdict.BLOCK, p.decide(charge).verdict());
        DecisionRequest lookup = new DecisionRequest(RouteKey.grpc("h", "/acme.pay.v1.Payments/Lookup", null, null,
                Direction.RESPONSE), "a", "b", null, List.of(finding("email", "$.e", hash("e"))));
        assertEquals("payments-lookup", p.decide(lookup).route());
        assertEquals(List.of(Action.IGNORE), actions(p.decide(lookup)));
    }

    @Test
    void customDetectorsCanBeNamedInActions() {
        Policy p = parse("""
                detectors:
                  - id: acme_employee_id
                    category: pii
                    patterns: ['EMP-[0-9]{6}']
                defaults:
                  response:
                    acme_employee_id: {action: redact, mask: keyed_hash}
                """);
        assertEquals(1, p.customDetectors().size());
        assertTrue(p.catalog(dev.sluice.matchers.DetectorCatalog.builtin()).get("acme_employee_id") != null);
        Decision d = p.decide(response("/", finding("acme_employee_id", "$.emp", hash("x"))));
        byte[] out = d.redactions().getFirst().mask().apply("EMP-123456".getBytes(StandardCharsets.US_ASCII));
        assertTrue(new String(out, StandardCharsets.US_ASCII).matches("h:[0-9a-f]{16}"));
    }
}
