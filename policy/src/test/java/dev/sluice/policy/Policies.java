package dev.sluice.policy;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: policies from YAML text, findings and requests in one line each. */
final class Policies {
    static final ValueHasher HASHER = ValueHasher.withKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final PolicyLoader LOADER = PolicyLoader.builder().hasher(HASHER).build();

    /**
     * The routes a path's readings are tested on: one that reads nothing (static files) and one
     * that blocks cards in responses.
     */
    static final String STATIC_AND_CARDS_ROUTES = """
            routes:
              - name: static
                match: {path: /static/**}
                actions: {pii: ignore, secret: ignore, attack: ignore}
              - name: cards
                match: {path: /v1/cards/**}
                response: {credit_card: block}
            """;

    private Policies() {
    }

    /** The name of the route {@code p} gives the response to a GET of {@code target} on host {@code shop}. */
    static String responseRoute(Policy p, String target) {
        return p.route(RouteKey.http("shop", target, "GET", Direction.RESPONSE)).name();
    }

    static Policy parse(String yaml) {
        LoadResult r = LOADER.parse(yaml, "test.yaml");
        if (!r.ok()) {
            throw new AssertionError("policy does not load:\n" + PolicyLoader.format("test.yaml", r.errors()));
        }
        return r.policy();
    }

    static PolicyFinding finding(String id, String path, String hash) {
        return new PolicyFinding(id, category(id), path, hash);
    }

    static Category category(String id) {
        if (id.startsWith("attack.")) {
            return Category.ATTACK;
        }
        return switch (id) {
            case "email", "credit_card", "us_ssn", "phone_number", "iban", "ip_address", "date_of_birth",
                 "passport_number", "us_bank_routing" -> Category.PII;
            default -> Category.SECRET;
        };
    }

    /** A 32-hex value hash made from a short name, as the inspector would report it. */
    static String hash(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return HASHER.hash(b, 0, b.length);
    }

    static DecisionRequest request(Direction d, String path, PolicyFinding... findings) {
        return new DecisionRequest(RouteKey.http("api.acme.io", path, "GET", d), "web.shop", "checkout.shop",
                TokenIdentity.NONE, List.of(findings));
    }

    static DecisionRequest response(String path, PolicyFinding... findings) {
        return request(Direction.RESPONSE, path, findings);
    }

    static List<Action> actions(Decision d) {
        return d.findings().stream().map(FindingDecision::action).toList();
    }
}
