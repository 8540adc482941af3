package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.Glob;
import dev.sluice.policy.select.RouteMatch;
import java.util.List;
import java.util.Set;

/**
 * Reads a route's {@code match:}: {@code host} and {@code path} globs (one or a list),
 * {@code methods}, {@code grpc_service} with an optional {@code grpc_method}, and
 * {@code direction}. At least one condition is required: a route that matches everything is
 * what {@code defaults} is for.
 */
final class MatchReader {
    static final Set<String> KEYS = Set.of("host", "path", "methods", "grpc_service", "grpc_method", "direction");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    static final List<String> DIRECTIONS = List.of("request", "response");

    private MatchReader() {
    }

    static RouteMatch read(Node n, Problems p) {
        Node.MapNode m = Fields.map(n, "match", p);
        if (m == null) {
            return RouteMatch.ANY;
        }
        Fields.keys(m, KEYS, "match", p);
        if (m.fields().isEmpty()) {
            p.at(m, "match needs at least one of " + String.join(", ", KEYS.stream().sorted().toList()));
        }
        RouteMatch.Builder b = RouteMatch.builder();
        if (m.get("host") != null) {
            for (Node h : Fields.list(m.get("host"), "host", true, p)) {
                String g = glob(h, "host", p);
                if (g != null) {
                    b.host(g);
                }
            }
        }
        if (m.get("path") != null) {
            for (Node h : Fields.list(m.get("path"), "path", true, p)) {
                String g = glob(h, "path", p);
                if (g != null && !g.startsWith("/") && !g.startsWith("*")) {
                    p.at(h, "a path glob starts with '/' or '*'");
                } else if (g != null) {
                    b.path(g);
                }
            }
        }
        if (m.get("methods") != null) {
            for (Node h : Fields.list(m.get("methods"), "methods", true, p)) {
                String method = Fields.oneOf(h, "method", METHODS, p);
                if (method != null) {
                    b.method(method);
                }
            }
        }
        Node service = m.get("grpc_service");
        Node method = m.get("grpc_method");
        if (method != null && service == null) {
            p.at(m.fields().get("grpc_method"), "grpc_method needs grpc_service");
        }
        if (service != null) {
            String s = grpcName(service, "grpc_service", p);
            String mth = method == null ? null : grpcName(method, "grpc_method", p);
            if (s != null) {
                b.grpc(s, mth);
            }
        }
        if (m.get("direction") != null) {
            String d = Fields.oneOf(m.get("direction"), "direction", DIRECTIONS, p);
            if (d != null) {
                b.direction(Direction.fromLabel(d));
            }
        }
        return b.build();
    }

    private static String glob(Node n, String what, Problems p) {
        String g = Fields.string(n, what, p);
        String problem = g == null ? null : Glob.problem(g);
        if (problem != null) {
            p.at(n, what + ": " + problem);
            return null;
        }
        return g;
    }

    /** A fully qualified gRPC service ({@code acme.pay.v1.Payments}) or method name: no '/', no wildcard. */
    private static String grpcName(Node n, String what, Problems p) {
        String s = Fields.string(n, what, p);
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.')) {
                p.at(n, what + " is a plain name such as acme.payments.v1.Payments (no '" + c + "')");
                return null;
            }
        }
        return s;
    }
}
