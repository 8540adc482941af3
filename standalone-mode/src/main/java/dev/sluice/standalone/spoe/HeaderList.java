package dev.sluice.standalone.spoe;

import dev.sluice.inspector.head.HeadRedactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Header fields as the shipped {@code deploy/haproxy/sluice.lua} reads them from a transaction
 * variable: {@code name: value\r\n} per field, in order, and {@code name\r\n} alone for a header
 * whose fields are all removed. Field values hold no CR or LF (HTTP forbids them, and the
 * redactor masks control bytes), so a line break always ends a field.
 */
final class HeaderList {
    private HeaderList() {
    }

    /** The rewritten headers of a redacted head: each name's values replace all of its fields. */
    static byte[] of(List<HeadRedactor.Rewritten> rewritten) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HeadRedactor.Rewritten r : rewritten) {
            if (r.values().isEmpty()) {
                line(out, r.name());
            }
            for (String value : r.values()) {
                line(out, r.name() + ": " + value);
            }
        }
        return out.toByteArray();
    }

    /** The fields of a route's refusal answer, in order. */
    static byte[] of(Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> line(out, name + ": " + value));
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }
}
