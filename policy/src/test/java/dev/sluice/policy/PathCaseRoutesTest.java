package dev.sluice.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.PathCase;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A path spelled in other letter case ({@code /V1/Cards/1}) reaches the same handler on an
 * upstream that routes without case (Express, ASP.NET Core, IIS), so by default it selects the
 * route of the lower-case path; {@code path_case: sensitive} compares case for upstreams that do.
 * Either way a route that reads nothing is chosen only when every reading of the path chooses it,
 * and of the other readings' routes the one the spelling dodged is preferred to the defaults.
 */
class PathCaseRoutesTest {
    private static final String ROUTES = Policies.STATIC_AND_CARDS_ROUTES + """
              - name: reports
                match: {path: /Reports/*/Export}
                response: {pii: redact}
            """;

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of("/v1/cards/1", "cards", "cards"),
                Arguments.of("/V1/Cards/1", "cards", "default"),
                Arguments.of("/v1/CARDS/1", "cards", "default"),
                Arguments.of("/%56%31/cards/1", "cards", "default"),
                Arguments.of("/Reports/q3/Export", "reports", "reports"),
                Arguments.of("/reports/q3/export", "reports", "default"),
                Arguments.of("/static/app.js", "static", "static"),
                // The static route reads nothing: a spelling the other reading does not give it is read.
                Arguments.of("/STATIC/app.js", "default", "default"),
                Arguments.of("/Static/../V1/cards/1", "cards", "default"),
                Arguments.of("/static/APP.JS", "static", "static"));
    }

    @ParameterizedTest(name = "{0} → {1} / {2}")
    @MethodSource("targets")
    void eachReadingSelectsItsRoute(String target, String insensitive, String sensitive) {
        assertEquals(insensitive, route("", target));
        assertEquals(insensitive, route("path_case: insensitive\n", target));
        assertEquals(sensitive, route("path_case: sensitive\n", target));
    }

    @Test
    void hostsCompareWithoutCaseWhateverThePathSetting() {
        Policy p = Policies.parse("""
                version: 1
                path_case: sensitive
                routes:
                  - name: admin
                    match: {host: Admin.Shop.io, path: /users}
                    response: {pii: block}
                """);
        assertEquals(PathCase.SENSITIVE, p.pathCase());
        assertEquals("admin", p.route(RouteKey.http("ADMIN.shop.IO:8443", "/users", "GET", Direction.RESPONSE)).name());
        assertEquals("default", p.route(RouteKey.http("admin.shop.io", "/Users", "GET", Direction.RESPONSE)).name());
    }

    /**
     * Under {@code path_case: sensitive} with {@code escaped_slashes: keep}, the spelling below
     * selects the static route; the upstream that decodes {@code %2F} and routes without case
     * serves a card. Of the readings whose routes read (the defaults under the policy's slash
     * reading compared without case, the cards route under the other), the cards route applies.
     */
    @Test
    void theRouteTheSpellingDodgedIsPreferredToTheDefaults() {
        Policy p = Policies.parse("version: 1\npath_case: sensitive\nescaped_slashes: keep\n" + ROUTES);
        assertEquals("cards", Policies.responseRoute(p, "/static/..%2FV1/Cards/1"));
        assertEquals("default", Policies.responseRoute(p, "/static/..%2Fhome"));
        assertEquals("static", Policies.responseRoute(p, "/static/a%2Fb.js"));
    }

    @Test
    void gRpcNamesCompareWithCase() {
        Policy p = Policies.parse("""
                version: 1
                routes:
                  - name: payments
                    match: {grpc_service: acme.pay.v1.Payments}
                    response: {pii: block}
                """);
        assertEquals("payments", p.route(RouteKey.grpc("pay", "/acme.pay.v1.Payments/Charge", null, null,
                Direction.RESPONSE)).name());
        assertEquals("default", p.route(RouteKey.grpc("pay", "/acme.pay.v1.payments/Charge", null, null,
                Direction.RESPONSE)).name());
    }

    @Test
    void theSettingSurvivesTheModeSwitch() {
        Policy p = Policies.parse("version: 1\npath_case: sensitive\n" + ROUTES).withMode(Mode.DETECT);
        assertEquals(PathCase.SENSITIVE, p.pathCase());
        assertEquals("default", Policies.responseRoute(p, "/V1/cards/1"));
    }

    @Test
    void anUnknownSettingIsAnErrorWithASuggestion() {
        LoadResult r = Policies.LOADER.parse("version: 1\npath_case: insensitve\n", "p.yaml");
        assertFalse(r.ok());
        assertEquals("unknown path_case 'insensitve' (expected insensitive, sensitive), did you mean 'insensitive'?",
                r.errors().getFirst().message());
    }

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    /**
     * Any mix of case of a path under a declared route selects that route by default, and never
     * the route that reads nothing unless the path is the static one exactly as declared.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyMixOfCaseSelectsTheRouteOfTheLowerCasePath(int seed) {
        Policy insensitive = Policies.parse("version: 1\n" + ROUTES);
        Policy sensitive = Policies.parse("version: 1\npath_case: sensitive\n" + ROUTES);
        SplittableRandom random = new SplittableRandom(seed);
        String[] paths = {"/v1/cards/41", "/static/app.js", "/reports/q3/export", "/v1/cards/a/b/c"};
        String path = paths[random.nextInt(paths.length)];
        String mixed = mix(path, random);
        String expected = Policies.responseRoute(insensitive, path);
        String chosen = Policies.responseRoute(insensitive, mixed);
        String asSensitive = Policies.responseRoute(sensitive, mixed);
        if (path.startsWith("/static/") && !mixed.startsWith("/static/")) {
            assertNotEquals("static", chosen, mixed);
            assertNotEquals("static", asSensitive, mixed);
        } else {
            assertEquals(expected, chosen, mixed);
        }
    }

    private static String mix(String path, SplittableRandom random) {
        StringBuilder b = new StringBuilder(path.length());
        for (char c : path.toCharArray()) {
            b.append(random.nextBoolean() ? String.valueOf(c).toUpperCase(Locale.ROOT) : String.valueOf(c));
        }
        return b.toString();
    }

    private static String route(String setting, String target) {
        Policy p = Policies.parse("version: 1\n" + setting + ROUTES);
        return Policies.responseRoute(p, target);
    }
}
