package dev.sluice.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.EscapedSlashes;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A path whose encoded slash an upstream decodes before it resolves dot segments
 * ({@code /static/..%2Fapi/users} served as {@code /api/users}) selects the route of the path
 * served, unless the policy says the upstream keeps encoded slashes inside their segments; and a
 * route that reads nothing is chosen only when both readings choose it.
 */
class EscapedSlashRoutesTest {
    private static final String ROUTES = Policies.STATIC_AND_CARDS_ROUTES;

    @ParameterizedTest(name = "{0} → {1} / {2}")
    @CsvSource(delimiter = '|', value = {
        "/static/app.js|static|static",
        "/static/..%2Fv1/cards/1|cards|cards",
        "/static/..%5Cv1%5Ccards/1|cards|cards",
        "/static/..%2Fhome|default|default",
        "/static%2F..%2Fv1/cards/1|cards|default",
        "/v1%2Fcards/1|cards|default",
        "/v1/cards/1|cards|cards",
        "/v1/cards/1%2F..%2F..%2F..%2Fstatic/app.js|cards|cards",
        "/v1/cards/1?from=%2Fstatic%2F|cards|cards",
        "/static/a%2Fb.js|static|static",
    })
    void eachReadingSelectsItsRoute(String target, String decoded, String kept) {
        assertEquals(decoded, route("", target));
        assertEquals(decoded, route("escaped_slashes: decode\n", target));
        assertEquals(kept, route("escaped_slashes: keep\n", target));
    }

    @Test
    void aRouteThatReadsNothingIsNotReachedThroughAnEncodedSlash() {
        Policy p = Policies.parse("version: 1\n" + ROUTES);
        assertEquals(EscapedSlashes.DECODE, p.escapedSlashes());
        assertFalse(p.plan(RouteKey.http("shop", "/static/app.js", "GET", Direction.RESPONSE)).inspects());
        assertTrue(p.plan(RouteKey.http("shop", "/static/..%2Fv1/cards/1", "GET", Direction.RESPONSE)).inspects());
    }

    @Test
    void theReadingSurvivesTheModeSwitch() {
        Policy p = Policies.parse("version: 1\nescaped_slashes: keep\n" + ROUTES).withMode(Mode.DETECT);
        assertEquals(EscapedSlashes.KEEP, p.escapedSlashes());
        assertEquals("default", Policies.responseRoute(p, "/v1%2Fcards/1"));
    }

    @Test
    void aRouteThatReadsOneDirectionOnlyIsLeftOnlyInThatDirection() {
        Policy p = Policies.parse("""
                version: 1
                escaped_slashes: keep
                routes:
                  - name: exports
                    match: {path: /exports/**}
                    response: {pii: ignore, secret: ignore, attack: ignore}
                """);
        String target = "/exports/..%2Fusers";
        assertEquals("default", Policies.responseRoute(p, target));
        assertEquals("exports", p.route(RouteKey.http("shop", target, "GET", Direction.REQUEST)).name());
    }

    @Test
    void anUnknownReadingIsAnErrorWithASuggestion() {
        LoadResult r = Policies.LOADER.parse("version: 1\nescaped_slashes: decoded\n", "p.yaml");
        assertFalse(r.ok());
        assertEquals("unknown escaped_slashes 'decoded' (expected decode, keep), did you mean 'decode'?",
                r.errors().getFirst().message());
    }

    private static String route(String setting, String target) {
        Policy p = Policies.parse("version: 1\n" + setting + ROUTES);
        return Policies.responseRoute(p, target);
    }
}
