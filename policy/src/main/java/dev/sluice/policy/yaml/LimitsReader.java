package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyLimits;
import dev.sluice.policy.ByteSize;
import dev.sluice.policy.Route;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code limits}: a route's bounds on its bodies ({@link BodyLimits}), each for both
 * directions ({@code max_inspected_bytes: 256KiB}) or per direction
 * ({@code max_inspected_bytes: {response: 256KiB}}). A size is written as the process
 * configuration writes one ({@link ByteSize}): {@code max_inspected_bytes} from 1 byte to 1 TiB,
 * {@code max_held_body_bytes} from 1 byte to 2 GiB, the configuration's own ranges.
 */
final class LimitsReader {
    static final String KEY = "limits";
    static final String MAX_INSPECTED_BYTES = "max_inspected_bytes";
    static final String MAX_HELD_BODY_BYTES = "max_held_body_bytes";
    /** As the process configuration's {@code limits.max_inspected_bytes}: 1 TiB. */
    static final long MAX_INSPECTED = 1L << 40;
    /** As the process configuration's {@code limits.max_held_body_bytes}: what one array holds. */
    static final long MAX_HELD = Integer.MAX_VALUE;
    private static final Set<String> KEYS = Set.of(MAX_INSPECTED_BYTES, MAX_HELD_BODY_BYTES);

    private LimitsReader() {
    }

    /** Sets the bounds {@code n} gives on {@code b}. */
    static void read(Node n, Route.Builder b, Problems p) {
        Node.MapNode m = Fields.map(n, KEY, p);
        if (m == null) {
            return;
        }
        Fields.keys(m, KEYS, KEY, p);
        Map<Direction, Long> inspected = sizes(m.get(MAX_INSPECTED_BYTES), MAX_INSPECTED_BYTES, MAX_INSPECTED, p);
        Map<Direction, Long> held = sizes(m.get(MAX_HELD_BODY_BYTES), MAX_HELD_BODY_BYTES, MAX_HELD, p);
        for (Direction d : Direction.values()) {
            BodyLimits l = new BodyLimits(inspected.getOrDefault(d, 0L), held.getOrDefault(d, 0L));
            if (!l.none()) {
                b.limits(d, l);
            }
        }
    }

    /** The sizes {@code v} gives per direction (none when {@code v} is null or wrong, with a problem). */
    private static Map<Direction, Long> sizes(Node v, String key, long max, Problems p) {
        Map<Direction, Long> out = new EnumMap<>(Direction.class);
        PerDirection.read(v, KEY + "." + key, p, n -> size(n, key, max, p))
                .forEach((d, written) -> out.put(d, written.value()));
        return out;
    }

    /** A size such as 1048576 or 256KiB, or null with a problem. */
    private static Long size(Node v, String key, long max, Problems p) {
        boolean number = v instanceof Node.Scalar s && s.text() != null
                && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.STRING);
        if (!number) {
            p.at(v, key + " must be a size such as 1048576, 64KiB or 32MiB, not " + v.kind());
            return null;
        }
        try {
            return ByteSize.parse(((Node.Scalar) v).text(), 1, max);
        } catch (IllegalArgumentException e) {
            p.at(v, key + " " + e.getMessage());
            return null;
        }
    }
}
