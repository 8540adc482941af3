package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.ByteSize;
import dev.sluice.policy.Route;
import java.util.Set;

/**
 * Reads {@code limits}: {@code max_inspected_bytes}, the body bytes a route inspects per message,
 * for both directions ({@code max_inspected_bytes: 256KiB}) or per direction
 * ({@code max_inspected_bytes: {response: 256KiB}}). A size is written as the process
 * configuration writes one ({@link ByteSize}), between 1 byte and {@link #MAX_BYTES}.
 */
final class LimitsReader {
    static final String KEY = "limits";
    static final String MAX_INSPECTED_BYTES = "max_inspected_bytes";
    /** As the process configuration's {@code limits.max_inspected_bytes}: 1 TiB. */
    static final long MAX_BYTES = 1L << 40;
    private static final Set<String> KEYS = Set.of(MAX_INSPECTED_BYTES);
    private static final Set<String> DIRECTIONS = Set.of(Direction.REQUEST.label(), Direction.RESPONSE.label());

    private LimitsReader() {
    }

    /** Sets the bounds {@code n} gives on {@code b}. */
    static void read(Node n, Route.Builder b, Problems p) {
        Node.MapNode m = Fields.map(n, KEY, p);
        if (m == null) {
            return;
        }
        Fields.keys(m, KEYS, KEY, p);
        Node v = m.get(MAX_INSPECTED_BYTES);
        if (v instanceof Node.MapNode perDirection) {
            Fields.keys(perDirection, DIRECTIONS, KEY + "." + MAX_INSPECTED_BYTES, p);
            for (Direction d : Direction.values()) {
                Node size = perDirection.get(d.label());
                Long bytes = size == null ? null : size(size, p);
                if (bytes != null) {
                    b.maxInspectedBytes(d, bytes);
                }
            }
        } else if (v != null) {
            Long bytes = size(v, p); // read once: one problem for one value
            if (bytes != null) {
                for (Direction d : Direction.values()) {
                    b.maxInspectedBytes(d, bytes);
                }
            }
        }
    }

    /** A size such as 1048576 or 256KiB, or null with a problem. */
    private static Long size(Node v, Problems p) {
        boolean number = v instanceof Node.Scalar s && s.text() != null
                && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.STRING);
        if (!number) {
            p.at(v, MAX_INSPECTED_BYTES + " must be a size such as 1048576, 64KiB or 32MiB, not " + v.kind());
            return null;
        }
        try {
            return ByteSize.parse(((Node.Scalar) v).text(), 1, MAX_BYTES);
        } catch (IllegalArgumentException e) {
            p.at(v, MAX_INSPECTED_BYTES + " " + e.getMessage());
            return null;
        }
    }
}
