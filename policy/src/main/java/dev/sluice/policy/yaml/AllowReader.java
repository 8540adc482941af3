package dev.sluice.policy.yaml;

import dev.sluice.policy.AllowRule;
import dev.sluice.policy.DetectorSelector;
import dev.sluice.policy.select.Glob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an allow-list: entries of {@code value_hashes} (keyed hashes of values, 32 hex digits,
 * as events show them), {@code fields} (field path globs), {@code routes}, {@code sources} and
 * {@code destinations} (service name globs), narrowed by {@code detectors}.
 */
final class AllowReader {
    static final Set<String> KEYS = Set.of("value_hashes", "fields", "routes", "sources", "destinations",
            "detectors");
    static final int HASH_HEX = 32;

    private AllowReader() {
    }

    static List<AllowRule> read(Node n, String origin, ReadContext cx) {
        List<AllowRule> out = new ArrayList<>();
        List<Node> items = Fields.list(n, "allow", false, cx.problems);
        for (int i = 0; i < items.size(); i++) {
            AllowRule r = entry(items.get(i), origin + "[" + i + "]", cx);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static AllowRule entry(Node n, String origin, ReadContext cx) {
        Problems p = cx.problems;
        Node.MapNode m = Fields.map(n, "an allow entry", p);
        if (m == null) {
            return null;
        }
        int before = p.size();
        Fields.keys(m, KEYS, "an allow entry", p);
        Set<String> hashes = new HashSet<>();
        if (m.get("value_hashes") != null) {
            for (Node h : Fields.list(m.get("value_hashes"), "value_hashes", true, p)) {
                String s = Fields.string(h, "a value hash", p);
                if (s != null && isHash(s)) {
                    hashes.add(s.toLowerCase(Locale.ROOT));
                } else if (s != null) {
                    p.at(h, "a value hash is " + HASH_HEX + " hex digits (the valueHash of an event)");
                }
            }
        }
        List<Glob> fields = globs(m.get("fields"), "fields", Glob::fieldPath, p);
        Set<String> routes = new HashSet<>();
        if (m.get("routes") != null) {
            for (Node r : Fields.list(m.get("routes"), "routes", true, p)) {
                String s = Fields.string(r, "a route name", p);
                if (s != null && cx.knownRoute(s, r)) {
                    routes.add(s);
                }
            }
        }
        List<Glob> sources = globs(m.get("sources"), "sources", Glob::name, p);
        List<Glob> destinations = globs(m.get("destinations"), "destinations", Glob::name, p);
        List<DetectorSelector> detectors = m.get("detectors") == null ? List.of()
                : cx.selectors(m.get("detectors"), "detectors");
        if (hashes.isEmpty() && fields.isEmpty() && routes.isEmpty() && sources.isEmpty() && destinations.isEmpty()) {
            if (p.size() == before) {
                p.at(m, "an allow entry needs value_hashes, fields, routes, sources or destinations");
            }
            return null;
        }
        return new AllowRule(hashes, fields, routes, sources, destinations, detectors, origin);
    }

    private static List<Glob> globs(Node n, String what, Function<String, Glob> make, Problems p) {
        List<Glob> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (Node g : Fields.list(n, what, true, p)) {
            String s = Fields.string(g, what + " entries", p);
            String problem = s == null ? null : Glob.problem(s);
            if (problem != null) {
                p.at(g, what + ": " + problem);
            } else if (s != null) {
                out.add(make.apply(s));
            }
        }
        return out;
    }

    private static boolean isHash(String s) {
        if (s.length() != HASH_HEX) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
