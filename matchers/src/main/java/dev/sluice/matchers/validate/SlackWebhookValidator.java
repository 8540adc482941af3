package dev.sluice.matchers.validate;

/**
 * {@code slack_webhook}: a Slack incoming-webhook URL,
 * {@code https://hooks.slack.com/services/T<team>/B<bot>/<secret>}: team and bot ids are
 * {@code T} / {@code B} and at least six {@code [A-Z0-9]}, the secret is 24 alphanumerics.
 * Rejects the Slack documentation placeholder ({@code T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX})
 * and any id or secret whose body is one character repeated or a placeholder. The engine hands
 * over decoded bytes, so JSON's {@code \/} escapes are already plain slashes. Boundary: no
 * letter or digit after the secret.
 */
final class SlackWebhookValidator implements ByteValidator {
    static final SlackWebhookValidator INSTANCE = new SlackWebhookValidator();

    private static final byte[] PREFIX = Ascii.bytes("https://hooks.slack.com/services/");
    private static final int SECRET_LEN = 24;
    private static final int MAX_LEN = 160;

    private SlackWebhookValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len > MAX_LEN || Ascii.isAlnum(c.after(1)) || !Ascii.startsWithIgnoreCase(c.buf(), c.off(), len, PREFIX)) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int i = PREFIX.length;
        int team = idEnd(buf, off, len, i, 'T');
        if (team < 0) {
            return false;
        }
        int bot = idEnd(buf, off, len, team + 1, 'B');
        if (bot < 0) {
            return false;
        }
        int s = bot + 1;
        if (len - s != SECRET_LEN || !TokenChecksum.alnum(buf, off + s, SECRET_LEN)) {
            return false;
        }
        return !oneByte(buf, off + s, SECRET_LEN) && !Placeholders.is(buf, off + s, SECRET_LEN);
    }

    /**
     * Checks an id starting at {@code i} with letter {@code kind} and ending at a '/'; returns
     * the index of that '/', or -1.
     */
    private static int idEnd(byte[] buf, int off, int len, int i, int kind) {
        if (i >= len || buf[off + i] != kind) {
            return -1;
        }
        int j = i + 1;
        while (j < len && (Ascii.isUpper(buf[off + j]) || Ascii.isDigit(buf[off + j]))) {
            j++;
        }
        int body = j - i - 1;
        if (body < 6 || j >= len || buf[off + j] != '/' || oneByte(buf, off + i + 1, body)) {
            return -1;
        }
        return j;
    }

    /** True when all {@code n} bytes are the same (T00000000, XXXX...). */
    private static boolean oneByte(byte[] buf, int off, int n) {
        for (int i = 1; i < n; i++) {
            if (buf[off + i] != buf[off]) {
                return false;
            }
        }
        return true;
    }
}
