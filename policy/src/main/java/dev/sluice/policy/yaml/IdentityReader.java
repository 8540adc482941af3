package dev.sluice.policy.yaml;

import dev.sluice.policy.identity.IdentityPolicy;
import dev.sluice.policy.identity.ServiceNameRule;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code identity:}: {@code service_name} (the template naming workloads), {@code source}
 * ({@code trust_xfcc}, {@code headers}), {@code destination} ({@code name}), {@code token}
 * ({@code headers}, {@code cookies}, {@code jwt_claims}, {@code jwt_issuer}) and
 * {@code metric_services} ({@code names}, {@code max_seen}).
 */
final class IdentityReader {
    static final Set<String> KEYS = Set.of("service_name", "source", "destination", "token", "metric_services");
    static final Set<String> SOURCE_KEYS = Set.of("trust_xfcc", "headers");
    static final Set<String> DESTINATION_KEYS = Set.of("name");
    static final Set<String> TOKEN_KEYS = Set.of("headers", "cookies", "jwt_claims", "jwt_issuer");
    static final Set<String> METRIC_KEYS = Set.of("names", "max_seen");

    private IdentityReader() {
    }

    static IdentityPolicy read(Node n, Problems p) {
        IdentityPolicy.Builder b = IdentityPolicy.builder();
        Node.MapNode m = Fields.map(n, "identity", p);
        if (m == null) {
            return b.build();
        }
        Fields.keys(m, KEYS, "identity", p);
        if (m.get("service_name") != null) {
            String t = Fields.string(m.get("service_name"), "service_name", p);
            String problem = t == null ? null : ServiceNameRule.problem(t);
            if (problem != null) {
                p.at(m.get("service_name"), problem);
            } else if (t != null) {
                b.nameRule(ServiceNameRule.of(t));
            }
        }
        Node.MapNode src = section(m, "source", SOURCE_KEYS, p);
        if (src != null) {
            Boolean trust = src.get("trust_xfcc") == null ? null : Fields.bool(src.get("trust_xfcc"), "trust_xfcc", p);
            b.trustXfcc(trust == null || trust);
            headers(src.get("headers"), p).forEach(b::sourceHeader);
        }
        Node.MapNode dst = section(m, "destination", DESTINATION_KEYS, p);
        if (dst != null && dst.get("name") != null) {
            b.destinationName(Fields.string(dst.get("name"), "name", p));
        }
        Node.MapNode tok = section(m, "token", TOKEN_KEYS, p);
        if (tok != null) {
            headers(tok.get("headers"), p).forEach(b::tokenHeader);
            if (tok.get("cookies") != null) {
                Fields.strings(tok.get("cookies"), "cookies", p).forEach(b::tokenCookie);
            }
            if (tok.get("jwt_claims") != null) {
                b.jwtClaims(Fields.strings(tok.get("jwt_claims"), "jwt_claims", p));
            }
            if (tok.get("jwt_issuer") != null) {
                Boolean iss = Fields.bool(tok.get("jwt_issuer"), "jwt_issuer", p);
                b.jwtIssuer(iss != null && iss);
            }
        }
        Node.MapNode met = section(m, "metric_services", METRIC_KEYS, p);
        if (met != null) {
            if (met.get("names") != null) {
                Fields.strings(met.get("names"), "names", p).forEach(b::metricService);
            }
            if (met.get("max_seen") != null) {
                Integer max = Fields.integer(met.get("max_seen"), "max_seen", 0, 10_000, p);
                if (max != null) {
                    b.maxSeenServices(max);
                }
            }
        }
        return b.build();
    }

    private static Node.MapNode section(Node.MapNode parent, String key, Set<String> keys, Problems p) {
        Node n = parent.get(key);
        Node.MapNode m = n == null ? null : Fields.map(n, key, p);
        if (m != null) {
            Fields.keys(m, keys, "identity." + key, p);
        }
        return m;
    }

    /** Header names, lower-cased; a name with characters outside an HTTP token is a problem. */
    private static List<String> headers(Node n, Problems p) {
        if (n == null) {
            return List.of();
        }
        return Fields.strings(n, "headers", p).stream().filter(h -> {
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                    p.at(n, "header name '" + h + "' has a character not allowed in HTTP header names");
                    return false;
                }
            }
            return true;
        }).map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }
}
