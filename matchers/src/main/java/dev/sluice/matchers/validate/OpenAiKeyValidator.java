package dev.sluice.matchers.validate;

/**
 * {@code openai}: an OpenAI API key, {@code sk-} or {@code sk-proj-} (also {@code sk-svcacct-}
 * and similar, whose prefixes are part of the body alphabet) followed by a body of
 * {@code [A-Za-z0-9_-]} that contains the marker {@code T3BlbkFJ} (base64 of "OpenAI") with at
 * least 16 body bytes on each side of it. {@code sk-SK} locale tags and CSS class names such as
 * {@code sk-spinner} have no marker. Boundary: no {@code [A-Za-z0-9_-]} on either side.
 */
final class OpenAiKeyValidator implements ByteValidator {
    static final OpenAiKeyValidator INSTANCE = new OpenAiKeyValidator();

    private static final byte[] SK = Ascii.bytes("sk-");
    private static final byte[] SK_PROJ = Ascii.bytes("sk-proj-");
    private static final byte[] MARKER = Ascii.bytes("T3BlbkFJ");
    private static final int SIDE = 16;
    private static final int MAX_LEN = 512;

    private OpenAiKeyValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len > MAX_LEN || Ascii.isB64Url(c.before(1)) || Ascii.isB64Url(c.after(1))) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        if (!Ascii.startsWith(buf, off, len, SK)) {
            return false;
        }
        int body = Ascii.startsWith(buf, off, len, SK_PROJ) ? SK_PROJ.length : SK.length;
        for (int i = body; i < len; i++) {
            if (!Ascii.isB64Url(buf[off + i])) {
                return false;
            }
        }
        for (int m = body + SIDE; m + MARKER.length + SIDE <= len; m++) {
            if (Ascii.startsWith(buf, off + m, MARKER.length, MARKER)) {
                return !Placeholders.is(buf, off, len);
            }
        }
        return false;
    }
}
