package dev.sluice.standalone.spoe;

/**
 * Whether HAProxy can send a redacted body back as it is. The shipped configuration returns it
 * with {@code http-response return ... lf-string "%[var(txn.sluice.body)]"}, and HAProxy's
 * log-format writes the control bytes 0x00-0x08, 0x0A-0x1F and 0x7F as {@code %XX}. In JSON
 * such bytes can only be the whitespace between tokens (inside strings they must be escaped), so
 * line breaks become spaces and the document means the same; any other body holding them
 * cannot be returned faithfully.
 */
final class ReturnableBody {
    private ReturnableBody() {
    }

    /** {@code body} as HAProxy can return it ({@code json}: it parsed as JSON), or null when it cannot. */
    static byte[] of(byte[] body, boolean json) {
        byte[] out = body;
        for (int i = 0; i < body.length; i++) {
            int b = body[i] & 0xFF;
            if (!escapedByHaproxy(b)) {
                continue;
            }
            if (!json || (b != '\n' && b != '\r')) {
                return null;
            }
            if (out == body) {
                out = body.clone();
            }
            out[i] = ' ';
        }
        return out;
    }

    private static boolean escapedByHaproxy(int b) {
        return b < 0x20 && b != '\t' || b == 0x7F;
    }
}
