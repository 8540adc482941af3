package dev.sluice.policy.yaml;

import dev.sluice.policy.BlockAnswer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code block_response: {status, content_type, body, headers}} (defaults or a route). A
 * route's answer replaces the defaults' whole; {@code status} is required, {@code content_type}
 * defaults to {@code text/plain; charset=utf-8}, {@code body} to empty and {@code headers} (a
 * mapping of field names to values) to none.
 */
final class BlockAnswerReader {
    static final String KEY = "block_response";
    private static final Set<String> KEYS = Set.of("status", "content_type", "body", "headers");

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
        Map<String, String> headers = m.get("headers") == null ? Map.of() : headers(m.get("headers"), p);
        if (status == null || contentType == null || headers == null) {
            return null;
        }
        try {
            return new BlockAnswer(status, contentType, body, headers);
        } catch (IllegalArgumentException e) {
            p.at(m, KEY + ": " + e.getMessage());
            return null;
        }
    }

    /** The header fields, each checked where it is written; null with the problems recorded. */
    private static Map<String, String> headers(Node n, Problems p) {
        Node.MapNode m = Fields.map(n, KEY + ".headers", p);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Node.Field f : m.fields().values()) {
            String value = f.value() instanceof Node.Scalar s && s.text() != null ? s.text() : null;
            if (value == null) {
                p.at(f.value(), KEY + ".headers." + f.key() + " must be a value, not " + f.value().kind());
                ok = false;
                continue;
            }
            try {
                BlockAnswer.checkHeader(f.key(), value);
                out.put(f.key(), value);
            } catch (IllegalArgumentException e) {
                p.at(f, KEY + ".headers: " + e.getMessage());
                ok = false;
            }
        }
        if (ok && out.size() > BlockAnswer.MAX_HEADERS) {
            p.at(m, KEY + ".headers must be at most " + BlockAnswer.MAX_HEADERS);
            return null;
        }
        return ok ? out : null;
    }
}
