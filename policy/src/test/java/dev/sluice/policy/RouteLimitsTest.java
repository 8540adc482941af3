package dev.sluice.policy;

import static dev.sluice.policy.Policies.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A route's {@code limits}: how much of each body it inspects ({@code max_inspected_bytes}) and
 * holds for a verdict ({@code max_held_body_bytes}), per direction, a route's own bound replacing
 * the defaults'; the inspected bound replaces the front end's, the held one only lowers it.
 */
class RouteLimitsTest {
    private static final String POLICY = """
            defaults:
              limits: {max_inspected_bytes: {response: 2MiB}}
              request:
                attack: block
              response:
                secret: redact
            routes:
              - name: downloads
                match: {path: /downloads/**}
                limits:
                  max_inspected_bytes: 256KiB
              - name: uploads
                match: {path: /uploads/**}
                limits:
                  max_inspected_bytes: {request: 64MiB}
                  max_held_body_bytes: {request: 8MiB}
                on_failure: {limit: closed}
              - name: plain
                match: {path: /plain/**}
            """;

    private static long bound(Policy p, String path, Direction d) {
        return p.rules(RouteKey.http("api.acme.io", path, "POST", d)).plan().limits().maxInspectedBytes();
    }

    @Test
    void aRoutesBoundReplacesTheDefaultsInItsDirectionsOnly() {
        Policy p = parse(POLICY);
        assertEquals(256L << 10, bound(p, "/downloads/a.json", Direction.REQUEST));
        assertEquals(256L << 10, bound(p, "/downloads/a.json", Direction.RESPONSE));
        assertEquals(64L << 20, bound(p, "/uploads/x", Direction.REQUEST));
        assertEquals(2L << 20, bound(p, "/uploads/x", Direction.RESPONSE), "the defaults' response bound");
        assertEquals(0, bound(p, "/plain/x", Direction.REQUEST), "none: the front end's own");
        assertEquals(2L << 20, bound(p, "/plain/x", Direction.RESPONSE));
        assertTrue(p.rules(RouteKey.http("", "/uploads/x", "PUT", Direction.REQUEST)).plan().mayBlock(),
                "the bound is a limit the route's fail rule decides");
    }

    @Test
    void aRouteHoldsUpToItsOwnBoundAndNeverAboveTheProcesss() {
        Policy p = parse(POLICY);
        BodyLimits uploads = p.rules(RouteKey.http("", "/uploads/x", "PUT", Direction.REQUEST)).plan().limits();
        assertEquals(8L << 20, uploads.maxHeldBodyBytes());
        assertEquals(8L << 20, uploads.maxHeldBodyBytes(32L << 20), "below the process's ceiling: the route's");
        assertEquals(1L << 20, uploads.maxHeldBodyBytes(1L << 20), "the process's ceiling is never raised");
        BodyLimits plain = p.rules(RouteKey.http("", "/plain/x", "PUT", Direction.REQUEST)).plan().limits();
        assertEquals(1L << 20, plain.maxHeldBodyBytes(1L << 20), "none of its own: the process's");
        assertEquals(List.of("4:35: max_held_body_bytes must be between 1 and 2147483647, not 4GiB"),
                errors("routes:\n  - name: r\n    match: {path: /r}\n    limits: {max_held_body_bytes: 4GiB}\n"));
    }

    @Test
    void theStartUpLineNamesTheBoundsARouteSetsItself() {
        assertEquals(List.of("default (responses inspected to 2MiB)",
                "downloads (inspected to 256KiB)", "uploads (requests inspected to 64MiB, requests held to 8MiB)", "plain"), parse(POLICY).describeRoutes());
    }

    @Test
    void theBoundSurvivesAModeOverrideAndASample() {
        Policy p = parse(POLICY + """
                  - name: feed
                    match: {path: /feed/**}
                    mode: detect
                    sample: 10%
                    limits: {max_inspected_bytes: 1KiB}
                """).withMode(Mode.DETECT);
        RouteRules feed = p.rules(RouteKey.http("", "/feed/x", "GET", Direction.RESPONSE));
        assertEquals(1024, feed.plan().limits().maxInspectedBytes());
        assertEquals(1024, feed.plan(0.99).limits().maxInspectedBytes(), "left out: nothing read, the bound kept");
        assertEquals(1024, p.withMode(Mode.ENFORCE).rules(RouteKey.http("", "/feed/x", "GET", Direction.RESPONSE))
                .plan().limits().maxInspectedBytes(), "the sample dropped, the bound kept");
    }

    @Test
    void aBoundIsASizeInItsRangeWrittenWhereItBelongs() {
        String route = "routes:\n  - name: r\n    match: {path: /r}\n    limits: {max_inspected_bytes: %s}\n";
        assertEquals(1_048_576, parse(route.formatted("1048576")).routes().getFirst()
                .limits(Direction.REQUEST).maxInspectedBytes());
        assertEquals(1L << 40, parse(route.formatted("1GiB").replace("1GiB", "1024GiB")).routes().getFirst()
                .limits(Direction.RESPONSE).maxInspectedBytes());
        assertEquals(List.of("4:35: max_inspected_bytes must be between 1 and 1024GiB, not 0"),
                errors(route.formatted("0")));
        assertEquals(List.of("4:35: max_inspected_bytes must be between 1 and 1024GiB, not 2048GiB"),
                errors(route.formatted("2048GiB")));
        assertEquals(List.of("4:35: max_inspected_bytes unknown size unit 'parsecs' (expected KiB, MiB, GiB, KB, MB or GB)"),
                errors(route.formatted("5parsecs")));
        assertEquals(List.of("4:35: max_inspected_bytes must be a size such as 1048576, 64KiB or 32MiB, not a boolean"),
                errors(route.formatted("true")));
        assertEquals(List.of("4:36: unknown key 'respnose' in limits.max_inspected_bytes, did you mean 'response'?"),
                errors(route.formatted("{respnose: 1KiB}")));
        assertEquals(List.of("4:14: unknown key 'max_inspect_bytes' in limits, did you mean 'max_inspected_bytes'?"),
                errors("routes:\n  - name: r\n    match: {path: /r}\n    limits: {max_inspect_bytes: 1KiB}\n"));
        assertEquals(List.of("4:13: limits must be a mapping, not a string"),
                errors("routes:\n  - name: r\n    match: {path: /r}\n    limits: 1KiB\n"));
    }

    private static List<String> errors(String yaml) {
        LoadResult r = Policies.LOADER.parse(yaml, "p.yaml");
        return r.errors().stream().map(e -> e.line() + ":" + e.column() + ": " + e.message()).toList();
    }
}
