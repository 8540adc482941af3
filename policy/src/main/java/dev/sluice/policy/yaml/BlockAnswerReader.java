package dev.sluice.policy.yaml;

import dev.sluice.policy.BlockAnswer;
import java.util.Set;

/**
 * Reads {@code block_response: {status, content_type, body}} (defaults or a route). A route's
 * answer replaces the defaults' whole; {@code status} is required, {@code content_type}
 * defaults to {@code text/plain; charset=utf-8} and {@code body} to empty.
 */
final class BlockAnswerReader {
    static final String KEY = "block_response";
    private static final Set<String> KEYS = Set.of("status", "content_type", "body");

    private BlockAnswerReader() {
    }

    /** The answer, or null with the problems recorded. */
    static BlockAnswer read(Node n, Problems p) {
        Node.MapNode m = Fields.map(n, KEY, p);
        if (m == null) {
            return null;
        }
        Fields.keys(m, KEYS, KEY, p);
        if (m.get("status") == null) {
            p.at(m, KEY + " needs a status (400 to 599)");
            return null;
        }
        Integer status = Fields.integer(m.get("status"), KEY + ".status", 400, 599, p);
        String contentType = m.get("content_type") == null ? "text/plain; charset=utf-8"
                : Fields.string(m.get("content_type"), KEY + ".content_type", p);
        String body = "";
        if (m.get("body") instanceof Node.Scalar s && s.text() != null) {
            body = s.text();
        } else if (m.get("body") != null) {
            p.at(m.get("body"), KEY + ".body must be a string, not " + m.get("body").kind());
            return null;
        }
        if (status == null || contentType == null) {
            return null;
        }
        try {
            return new BlockAnswer(status, contentType, body);
        } catch (IllegalArgumentException e) {
            p.at(m, KEY + ": " + e.getMessage());
            return null;
        }
    }
}
