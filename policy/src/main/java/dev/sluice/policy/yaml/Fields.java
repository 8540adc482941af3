package dev.sluice.policy.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of tree nodes for the section readers. Each returns null (or an empty list) when
 * the node is not what was asked for, after recording a problem at the node, so a reader can
 * carry on and find the next error.
 */
final class Fields {
    private Fields() {
    }

    /** The mapping, or null (with a problem) when {@code n} is something else. */
    static Node.MapNode map(Node n, String what, Problems p) {
        if (n instanceof Node.MapNode m) {
            return m;
        }
        p.at(n, what + " must be a mapping, not " + n.kind());
        return null;
    }

    /** The items of a list; a single scalar counts as a list of one when {@code oneOk}. */
    static List<Node> list(Node n, String what, boolean oneOk, Problems p) {
        if (n instanceof Node.ListNode l) {
            return l.items();
        }
        if (oneOk && n instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
            return List.of(n);
        }
        p.at(n, what + " must be a list" + (oneOk ? " or a single value" : "") + ", not " + n.kind());
        return List.of();
    }

    /** Reports keys of {@code m} not in {@code known}, suggesting the nearest known key. */
    static void keys(Node.MapNode m, Set<String> known, String where, Problems p) {
        for (Node.Field f : m.fields().values()) {
            if (!known.contains(f.key())) {
                p.at(f, "unknown key '" + f.key() + "' in " + where + Suggestions.didYouMean(f.key(), known));
            }
        }
    }

    /** A non-empty scalar as text, or null. */
    static String string(Node n, String what, Problems p) {
        if (n instanceof Node.Scalar s && s.text() != null && !s.text().isEmpty()) {
            return s.text();
        }
        boolean emptyText = n instanceof Node.Scalar s && s.text() != null;
        p.at(n, what + " must be a non-empty string, not " + (emptyText ? "an empty one" : n.kind()));
        return null;
    }

    static List<String> strings(Node n, String what, Problems p) {
        List<String> out = new ArrayList<>();
        for (Node item : list(n, what, true, p)) {
            String s = string(item, what + " entries", p);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** One of {@code allowed} (as written), or null with a problem suggesting the nearest. */
    static String oneOf(Node n, String what, Collection<String> allowed, Problems p) {
        String s = string(n, what, p);
        if (s == null) {
            return null;
        }
        if (!allowed.contains(s)) {
            p.at(n, "unknown " + what + " '" + s + "' (expected " + String.join(", ", allowed) + ")"
                    + Suggestions.didYouMean(s, allowed));
            return null;
        }
        return s;
    }

    static Integer integer(Node n, String what, int min, int max, Problems p) {
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.INTEGER) {
            try {
                long v = Long.parseLong(s.text().replace("_", ""));
                if (v >= min && v <= max) {
                    return (int) v;
                }
            } catch (NumberFormatException e) {
                // Out of long range: reported below like any other out-of-range number.
            }
            p.at(n, what + " must be between " + min + " and " + max + ", not " + s.text());
            return null;
        }
        p.at(n, what + " must be a whole number, not " + n.kind());
        return null;
    }

    static Boolean bool(Node n, String what, Problems p) {
        if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        p.at(n, what + " must be true or false, not " + n.kind());
        return null;
    }

    /**
     * A duration written as a whole number and a unit: {@code 500ms}, {@code 30s}, {@code 10m},
     * {@code 2h}, {@code 1d}; between zero (when {@code zeroOk}) and {@code max}.
     */
    static Duration duration(Node n, String what, Duration max, boolean zeroOk, Problems p) {
        String s = n instanceof Node.Scalar sc && sc.type() == Node.Scalar.Type.STRING ? sc.text() : null;
        Duration d = s == null ? null : parseDuration(s);
        if (d == null) {
            p.at(n, what + " must be a duration such as 30s, 10m, 2h or 1d");
            return null;
        }
        if (d.isZero() && !zeroOk || d.compareTo(max) > 0) {
            p.at(n, what + " must be " + (zeroOk ? "" : "more than 0 and ") + "at most " + format(max));
            return null;
        }
        return d;
    }

    static Duration parseDuration(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 9) {
            return null;
        }
        long v = Long.parseLong(s.substring(0, i));
        return switch (s.substring(i)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            case "d" -> Duration.ofDays(v);
            default -> null;
        };
    }

    private static String format(Duration d) {
        return d.toDays() > 0 && d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }
}
