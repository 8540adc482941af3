package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a setting written once for both directions ({@code sample: 5%}) or per direction
 * ({@code sample: {response: 5%}}), as {@code sample} and each of {@code limits} are.
 */
final class PerDirection {
    private static final Set<String> DIRECTIONS = Set.of(Direction.REQUEST.label(), Direction.RESPONSE.label());

    /** The value a direction was given, and the node it was written at (to point at it later). */
    record Value<T>(Node at, T value) {
    }

    private PerDirection() {
    }

    /**
     * The value {@code n} gives each direction, {@code read} once per value written (one problem
     * for one value); a direction without one, or whose value {@code read} refused (null, with a
     * problem), is left out. {@code where} names the setting in an unknown key's problem.
     */
    static <T> Map<Direction, Value<T>> read(Node n, String where, Problems p, Function<Node, T> read) {
        Map<Direction, Value<T>> out = new EnumMap<>(Direction.class);
        if (n instanceof Node.MapNode m) {
            Fields.keys(m, DIRECTIONS, where, p);
            for (Direction d : Direction.values()) {
                Node v = m.get(d.label());
                T value = v == null ? null : read.apply(v);
                if (value != null) {
                    out.put(d, new Value<>(v, value));
                }
            }
        } else if (n != null) {
            T value = read.apply(n);
            if (value != null) {
                for (Direction d : Direction.values()) {
                    out.put(d, new Value<>(n, value));
                }
            }
        }
        return out;
    }
}
