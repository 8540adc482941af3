package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.FailRule;
import dev.sluice.policy.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code defaults:} and {@code routes:}. Each has {@code actions} (both directions),
 * {@code request} and {@code response} action maps, {@code on_failure}, {@code sample} and
 * {@code limits} (a route's bound for a direction replaces the defaults'); a
 * route adds {@code name}, {@code match}, its own {@code allow} list and its own {@code mode}
 * (the defaults' mode is the policy's).
 */
final class RouteReader {
    static final Set<String> DEFAULTS_KEYS = Set.of("on_failure", "actions", "request", "response",
            BlockAnswerReader.KEY, SampleReader.KEY, LimitsReader.KEY);
    /** The defaults' keys plus {@code mode}, which is read there only to say where it belongs. */
    private static final Set<String> DEFAULTS_KEYS_READ = Stream.concat(DEFAULTS_KEYS.stream(), Stream.of("mode"))
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> ROUTE_KEYS = Set.of("name", "match", "mode", "on_failure", BlockAnswerReader.KEY,
            "actions", "request", "response", "allow", SampleReader.KEY, LimitsReader.KEY);

    private RouteReader() {
    }

    /** The route names declared under {@code routes} (for allow entries that name routes), plus "default". */
    static Set<String> declaredNames(Node routes) {
        Set<String> names = new LinkedHashSet<>();
        names.add(Route.DEFAULT_NAME);
        if (routes instanceof Node.ListNode l) {
            for (Node r : l.items()) {
                if (r instanceof Node.MapNode m && m.get("name") instanceof Node.Scalar s && s.text() != null) {
                    names.add(s.text());
                }
            }
        }
        return names;
    }

    static Route defaults(Node n, ReadContext cx) {
        Route.Builder b = Route.builder(Route.DEFAULT_NAME).fail(FailRule.OPEN);
        if (n == null) {
            return b.build();
        }
        Node.MapNode m = Fields.map(n, "defaults", cx.problems);
        if (m == null) {
            return b.build();
        }
        Fields.keys(m, DEFAULTS_KEYS_READ, "defaults", cx.problems);
        if (m.get("mode") != null) {
            cx.problems.at(m.get("mode"), "the defaults' mode is the policy's: write 'mode' at the top of the file");
        }
        if (m.get("on_failure") != null) {
            b.fail(FailReader.read(m.get("on_failure"), FailRule.OPEN, cx.problems));
        }
        if (m.get(BlockAnswerReader.KEY) != null) {
            b.blockAnswer(BlockAnswerReader.read(m.get(BlockAnswerReader.KEY), cx.problems));
        }
        if (m.get(SampleReader.KEY) != null) {
            SampleReader.read(m.get(SampleReader.KEY), Route.DEFAULT_NAME, b, cx);
        }
        if (m.get(LimitsReader.KEY) != null) {
            LimitsReader.read(m.get(LimitsReader.KEY), b, cx.problems);
        }
        actions(m, "defaults", b, cx);
        return b.build();
    }

    static List<Route> routes(Node n, FailRule defaultsFail, ReadContext cx) {
        List<Route> out = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<Node> items = Fields.list(n, "routes", false, cx.problems);
        for (int i = 0; i < items.size(); i++) {
            Node.MapNode m = Fields.map(items.get(i), "a route", cx.problems);
            if (m == null) {
                continue;
            }
            Fields.keys(m, ROUTE_KEYS, "a route", cx.problems);
            String name = name(m, i, firstLine, cx.problems);
            Route.Builder b = Route.builder(name == null ? "routes[" + i + "]" : name);
            String origin = "routes[" + (name == null ? String.valueOf(i) : name) + "]";
            if (m.get("match") == null) {
                cx.problems.at(m, "a route needs 'match' (routes without one belong in 'defaults')");
            } else {
                b.match(MatchReader.read(m.get("match"), cx.problems));
            }
            if (m.get("mode") != null) {
                b.mode(PolicyReader.mode(m.get("mode"), cx.problems));
            }
            if (m.get("on_failure") != null) {
                b.fail(FailReader.read(m.get("on_failure"), defaultsFail, cx.problems));
            }
            if (m.get(BlockAnswerReader.KEY) != null) {
                b.blockAnswer(BlockAnswerReader.read(m.get(BlockAnswerReader.KEY), cx.problems));
            }
            if (m.get(SampleReader.KEY) != null && name != null) {
                SampleReader.read(m.get(SampleReader.KEY), name, b, cx);
            }
            if (m.get(LimitsReader.KEY) != null) {
                LimitsReader.read(m.get(LimitsReader.KEY), b, cx.problems);
            }
            actions(m, origin, b, cx);
            if (m.get("allow") != null) {
                AllowReader.read(m.get("allow"), origin + ".allow", cx).forEach(b::allow);
            }
            if (name != null) {
                out.add(b.build());
            }
        }
        return out;
    }

    private static String name(Node.MapNode m, int index, Map<String, Integer> firstLine, Problems p) {
        Node n = m.get("name");
        if (n == null) {
            p.at(m, "a route needs 'name' (it labels the route's metrics and events)");
            return null;
        }
        String name = Fields.string(n, "name", p);
        if (name == null) {
            return null;
        }
        if (!Names.valid(name)) {
            p.at(n, "route name '" + name + "': " + Names.RULE);
            return null;
        }
        if (name.equals(Route.DEFAULT_NAME)) {
            p.at(n, "route name 'default' is reserved for the defaults");
            return null;
        }
        Integer prior = firstLine.putIfAbsent(name, n.line());
        if (prior != null) {
            p.at(n, "route name '" + name + "' is used twice (first at line " + prior + ")");
            return null;
        }
        return name;
    }

    private static void actions(Node.MapNode m, String origin, Route.Builder b, ReadContext cx) {
        if (m.get("actions") != null) {
            ActionsReader.read(m.get("actions"), null, origin + ".actions", b, cx);
        }
        for (Direction d : Direction.values()) {
            if (m.get(d.label()) != null) {
                ActionsReader.read(m.get(d.label()), d, origin + "." + d.label(), b, cx);
            }
        }
    }
}
