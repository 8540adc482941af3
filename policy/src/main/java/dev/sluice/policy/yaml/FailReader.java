package dev.sluice.policy.yaml;

import dev.sluice.policy.FailRule;
import dev.sluice.policy.FailureKind;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code on_failure}: {@code open} or {@code closed} for every kind of failure, or a
 * mapping {@code {limit, parse_error, timeout}} where a kind left out keeps {@code base}'s value
 * (the defaults' rule, for a route).
 */
final class FailReader {
    private static final List<String> MODES = List.of("open", "closed");
    private static final Set<String> KINDS = Arrays.stream(FailureKind.values()).map(FailureKind::label)
            .collect(Collectors.toUnmodifiableSet());

    private FailReader() {
    }

    static FailRule read(Node n, FailRule base, Problems p) {
        if (n instanceof Node.Scalar) {
            String m = Fields.oneOf(n, "on_failure", MODES, p);
            return m == null ? base : m.equals("closed") ? FailRule.CLOSED : FailRule.OPEN;
        }
        Node.MapNode map = Fields.map(n, "on_failure", p);
        if (map == null) {
            return base;
        }
        Fields.keys(map, KINDS, "on_failure", p);
        FailRule rule = base;
        for (FailureKind k : FailureKind.values()) {
            Node v = map.get(k.label());
            String m = v == null ? null : Fields.oneOf(v, "on_failure." + k.label(), MODES, p);
            if (m != null) {
                rule = rule.with(k, m.equals("closed"));
            }
        }
        return rule;
    }
}
