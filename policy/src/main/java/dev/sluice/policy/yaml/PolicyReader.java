package dev.sluice.policy.yaml;

import dev.sluice.matchers.Detector;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.DetectorCatalogLoader;
import dev.sluice.matchers.Labels;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Route;
import dev.sluice.policy.select.EscapedSlashes;
import dev.sluice.policy.select.PathCase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps a policy's YAML tree onto {@link Policy}, section by section, collecting every problem.
 * Custom detectors are read first (actions may name them), then defaults, routes, the global
 * allow-list, identity and budgets. The policy is built only when no problem was found.
 */
final class PolicyReader {
    static final Set<String> TOP_KEYS = Set.of("version", "mode", "escaped_slashes", "path_case", "defaults",
            "routes", "allow", "detectors", "identity", "budgets");
    private static final List<String> MODES = Labels.all(Mode.values());
    private static final List<String> SLASH_READINGS = Labels.all(EscapedSlashes.values());
    private static final List<String> PATH_CASES = Labels.all(PathCase.values());

    private PolicyReader() {
    }

    /** The mode {@code n} names ({@code enforce}, {@code detect}), or null with a problem. */
    static Mode mode(Node n, Problems p) {
        String mode = Fields.oneOf(n, "mode", MODES, p);
        return mode == null ? null : Mode.fromLabel(mode);
    }

    /** The policy of {@code root}, or null when {@code problems} has any. */
    static Policy read(Node root, String origin, String digest, DetectorCatalog base, DetectorCatalogLoader loader,
                       ValueHasher hasher, Problems p) {
        Node.MapNode m = Fields.map(root, "the policy", p);
        if (m == null) {
            return null;
        }
        Fields.keys(m, TOP_KEYS, "the policy", p);
        Policy.Builder b = Policy.builder().origin(origin).digest(digest);
        if (m.get("version") != null) {
            Integer v = Fields.integer(m.get("version"), "version", 1, Integer.MAX_VALUE, p);
            if (v != null && v != 1) {
                p.at(m.get("version"), "this Sluice reads policy version 1, not " + v);
            }
        }
        if (m.get("mode") != null) {
            Mode mode = mode(m.get("mode"), p);
            if (mode != null) {
                b.mode(mode);
            }
        }
        if (m.get("escaped_slashes") != null) {
            String slashes = Fields.oneOf(m.get("escaped_slashes"), "escaped_slashes", SLASH_READINGS, p);
            if (slashes != null) {
                b.escapedSlashes(EscapedSlashes.fromLabel(slashes));
            }
        }
        if (m.get("path_case") != null) {
            String pathCase = Fields.oneOf(m.get("path_case"), "path_case", PATH_CASES, p);
            if (pathCase != null) {
                b.pathCase(PathCase.fromLabel(pathCase));
            }
        }
        List<Detector> custom = m.get("detectors") == null ? List.of()
                : DetectorsReader.read(m.get("detectors"), base, loader, p);
        custom.forEach(b::detector);
        Set<String> ids = new HashSet<>();
        base.all().forEach(d -> ids.add(d.id()));
        custom.forEach(d -> ids.add(d.id()));
        ReadContext cx = new ReadContext(p, hasher, ids, RouteReader.declaredNames(m.get("routes")));

        Route defaults = RouteReader.defaults(m.get("defaults"), cx);
        b.defaults(defaults);
        if (m.get("routes") != null) {
            RouteReader.routes(m.get("routes"), defaults.fail(), cx).forEach(b::route);
        }
        if (m.get("allow") != null) {
            AllowReader.read(m.get("allow"), "allow", cx).forEach(b::allow);
        }
        if (m.get("identity") != null) {
            b.identity(IdentityReader.read(m.get("identity"), p));
        }
        if (m.get("budgets") != null) {
            BudgetReader.read(m.get("budgets"), cx).forEach(b::budget);
        }
        if (!p.isEmpty()) {
            return null;
        }
        Policy policy = b.build();
        SampleReader.check(policy, cx.samples, p);
        return p.isEmpty() ? policy : null;
    }
}
