package dev.sluice.policy;

import static dev.sluice.policy.Policies.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A route's {@code sample}: the share of its exchanges inspected in a direction, allowed only
 * where the route changes nothing (its messages left unread lose a report, never a block, a
 * redaction or a budget's count).
 */
class SampleTest {
    /** The embedded default policy's actions, with routes that sample. */
    private static final String POLICY = """
            defaults:
              request:
                attack: block
              response:
                credit_card: {action: redact, mask: keep_last_4}
                secret: redact
            routes:
              - name: feed
                match: {path: /feed/**}
                sample: {response: 5%}
                response: {credit_card: alert, secret: alert}
              - name: watched
                match: {path: /watched/**}
                mode: detect
                sample: 0.25
            """;

    private static RouteKey key(String path, Direction d) {
        return RouteKey.http("api.acme.io", path, "GET", d);
    }

    @Test
    void aRouteThatChangesNothingInADirectionSamplesIt() {
        Policy p = parse(POLICY);
        RouteRules feed = p.rules(key("/feed/items", Direction.RESPONSE));
        assertEquals(0.05, feed.plan().sample());
        assertTrue(feed.plan(0.049).inspects(), "a draw inside the sample");
        assertSame(feed.plan(), feed.plan(0.049));
        BodyPlan out = feed.plan(0.05);
        assertFalse(out.inspects(), "a draw outside it: not read at all");
        assertTrue(out.sampledOut());
        assertTrue(out.passesUnchanged());
        assertEquals("feed", out.route());
        RouteRules feedRequests = p.rules(key("/feed/items", Direction.REQUEST));
        assertEquals(1.0, feedRequests.plan().sample(), "its requests' attacks are still all read and blocked");
        assertTrue(feedRequests.plan(0.999).inspects());
        assertTrue(feedRequests.plan(0.999).mayBlock());
        assertFalse(feed.plan().mayRedact(), "the defaults' redactions are shadowed by the route's alerts");

        RouteRules watched = p.rules(key("/watched/x", Direction.REQUEST));
        assertEquals(0.25, watched.plan().sample(), "detect mode changes nothing, whatever the rules say");
        assertFalse(watched.plan(0.5).inspects());
        assertEquals(List.of("default", "feed (responses sampled 5%)",
                "watched (detect, requests sampled 25%, responses sampled 25%)"), p.describeRoutes());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theShareOfUniformDrawsInTheSampleIsTheSample(long seed) {
        RouteRules feed = parse(POLICY).rules(key("/feed/x", Direction.RESPONSE));
        SplittableRandom random = new SplittableRandom(seed);
        int inspected = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            inspected += feed.plan(random.nextDouble()).inspects() ? 1 : 0;
        }
        assertEquals(0.05, inspected / (double) n, 0.004); // 5 standard deviations
    }

    @Test
    void aSampleWhereTheRouteCouldChangeAMessageIsRefusedNamingWhy() {
        assertEquals(List.of("10:24: route 'feed' may sample only what it changes nothing in: defaults.response.secret"
                + " redacts responses (give the route its own alert for 'secret', or put it in detect mode)"),
                errors(POLICY.replace("response: {credit_card: alert, secret: alert}", "response: {credit_card: alert}")),
                "the route's own alert for cards does not shadow the defaults' secret redaction");
        assertEquals(List.of("4:13: route 'feed' may sample only what it changes nothing in: defaults.request.attack"
                        + " blocks requests (give the route its own alert for 'attack', or put it in detect mode)"),
                errors("""
                        defaults: {request: {attack: block}}
                        routes:
                          - name: feed
                            sample: 10%
                            match: {path: /feed/**}
                        """), "one problem for the one value, though it samples both directions");
        assertEquals(List.of("4:13: route 'feed' may sample only what it changes nothing in: its on_failure fails"
                        + " closed (a message not read cannot fail)"),
                errors("""
                        defaults: {actions: {pii: alert}}
                        routes:
                          - name: feed
                            sample: 10%
                            match: {path: /feed/**}
                            on_failure: {limit: closed}
                        """));
        assertEquals(List.of("4:24: route 'feed' may sample only what it changes nothing in: budget 'cards' counts"
                        + " responses"),
                errors("""
                        defaults: {actions: {pii: alert}}
                        routes:
                          - name: feed
                            sample: {response: 0.5}
                            match: {path: /feed/**}
                        budgets:
                          - {name: cards, detectors: [credit_card], max_distinct: 5, window: 1m, cooldown: 1m}
                        """));
        assertEquals(List.of("2:11: route 'default' may sample only what it changes nothing in: defaults.request.attack"
                        + " blocks requests (give the route its own alert for 'attack', or put it in detect mode)"),
                errors("defaults:\n  sample: 1%\n  request: {attack: block}\n"));
    }

    @Test
    void aShareIsANumberOrAPercentageInItsRange() {
        String route = "routes:\n  - name: feed\n    match: {path: /f}\n    sample: %s\n";
        assertEquals(0.125, parse(route.formatted("12.5%")).routes().getFirst().sample(Direction.RESPONSE));
        assertEquals(0.0001, parse(route.formatted("0.0001")).routes().getFirst().sample(Direction.REQUEST));
        assertEquals(1.0, parse(route.formatted("1")).routes().getFirst().sample(Direction.REQUEST));
        assertEquals(1.0, parse(route.formatted("'100%'")).routes().getFirst().sample(Direction.REQUEST));
        for (String bad : List.of("0", "0%", "1.5", "101%", "0.00001", "-0.5")) {
            assertEquals(List.of("4:13: a sample must be between 0.01% and 100% (0.0001 and 1), not " + bad),
                    errors(route.formatted(bad)), bad);
        }
        assertEquals(List.of("4:13: a sample is a share like 0.05 or 5%, not 'half'"), errors(route.formatted("half")));
        assertEquals(List.of("4:13: a sample is a share like 0.05 or 5%, not a boolean"), errors(route.formatted("true")));
        assertEquals(List.of("4:14: unknown key 'respnose' in sample, did you mean 'response'?"),
                errors(route.formatted("{respnose: 5%}")));
    }

    @Test
    void anOverrideThatEnforcesAWatchedRouteDropsItsSample() {
        Policy p = parse(POLICY).withMode(Mode.ENFORCE);
        RouteRules watched = p.rules(key("/watched/x", Direction.REQUEST));
        assertNull(p.routes().get(1).mode());
        assertEquals(1.0, watched.plan().sample(), "enforced, its attacks could be blocked: every one is read");
        assertTrue(watched.plan(0.99).inspects());
        assertEquals(List.of("default", "feed (responses sampled 5%)", "watched"), p.describeRoutes());
        Policy detect = parse(POLICY).withMode(Mode.DETECT);
        assertEquals(0.25, detect.rules(key("/watched/x", Direction.REQUEST)).plan().sample());
    }

    private static List<String> errors(String yaml) {
        LoadResult r = Policies.LOADER.parse(yaml, "p.yaml");
        return r.errors().stream().map(e -> e.line() + ":" + e.column() + ": " + e.message()).toList();
    }
}
