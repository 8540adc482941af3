package dev.sluice.inspector.redact;

import dev.sluice.inspector.ValueSyntax;
import java.io.ByteArrayOutputStream;

/**
 * Writes a mask's replacement (printable ASCII without {@code "} or {@code \}, as
 * {@link ValueMask} promises) for where its value stands; see {@link ValueSyntax.Kind}. Every
 * byte outside that promise is written as {@code *}, so a mask that breaks it cannot break the
 * body.
 */
final class Replacements {
    private static final byte MASK = '*';
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Replacements() {
    }

    /**
     * The bytes that replace a span of {@code spanLength} wire bytes.
     *
     * @param r the mask's replacement
     */
    static byte[] encode(ValueSyntax syntax, byte[] r, long spanLength) {
        return switch (syntax.kind()) {
            case TEXT, JSON_STRING, PROTOBUF -> safe(r);
            case BINARY -> sameLength(safe(r), spanLength);
            case HTML -> html(r);
            case FORM -> form(r);
            case CSV -> csv(r);
            case JSON_NUMBER -> quoted(safe(r), syntax.nesting());
        };
    }

    /** A {@code *} for each of {@code n} wire bytes: valid wherever the bytes were. */
    static byte[] stars(long n) {
        byte[] b = new byte[(int) Math.min(Math.max(0, n), Integer.MAX_VALUE)];
        java.util.Arrays.fill(b, MASK);
        return b;
    }

    /** Whether {@code r} is {@link #stars} of {@code n} bytes. */
    static boolean isStars(byte[] r, long n) {
        if (r.length != n) {
            return false;
        }
        for (byte b : r) {
            if (b != MASK) {
                return false;
            }
        }
        return true;
    }

    private static byte[] safe(byte[] r) {
        byte[] out = r.clone();
        for (int i = 0; i < out.length; i++) {
            int b = out[i] & 0xFF;
            if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') {
                out[i] = MASK;
            }
        }
        return out;
    }

    /** Truncated or padded with {@code *} to the span's length: bytes around it may count on it. */
    private static byte[] sameLength(byte[] r, long spanLength) {
        int n = (int) Math.min(spanLength, Integer.MAX_VALUE);
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, MASK);
        System.arraycopy(r, 0, out, 0, Math.min(n, r.length));
        return out;
    }

    private static byte[] html(byte[] r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(r.length + 8);
        for (byte b : safe(r)) {
            switch (b) {
                case '&' -> out.writeBytes(ascii("&amp;"));
                case '<' -> out.writeBytes(ascii("&lt;"));
                case '>' -> out.writeBytes(ascii("&gt;"));
                case '\'' -> out.writeBytes(ascii("&#39;"));
                default -> out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** application/x-www-form-urlencoded (WHATWG URL, "urlencoded serializer"): unreserved bytes stay, the rest %XX. */
    private static byte[] form(byte[] r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(r.length + 8);
        for (byte b : safe(r)) {
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '*' || b == '-'
                    || b == '.' || b == '_') {
                out.write(b);
            } else {
                out.write('%');
                out.write(HEX[(b >> 4) & 0xF]);
                out.write(HEX[b & 0xF]);
            }
        }
        return out.toByteArray();
    }

    /** A cell may be unquoted: a delimiter or line break in the replacement would split it. */
    private static byte[] csv(byte[] r) {
        byte[] out = safe(r);
        for (int i = 0; i < out.length; i++) {
            if (out[i] == ',' || out[i] == ';' || out[i] == '\t' || out[i] == '|') {
                out[i] = MASK;
            }
        }
        return out;
    }

    /**
     * A JSON number becomes a string. Inside {@code nesting} enclosing JSON strings a quote is
     * written with {@code 2^nesting - 1} backslashes before it (each level escapes the previous
     * level's backslashes and quote).
     */
    private static byte[] quoted(byte[] r, int nesting) {
        int slashes = (1 << nesting) - 1;
        byte[] out = new byte[r.length + 2 * (slashes + 1)];
        int o = 0;
        for (int i = 0; i < slashes; i++) {
            out[o++] = '\\';
        }
        out[o++] = '"';
        System.arraycopy(r, 0, out, o, r.length);
        o += r.length;
        for (int i = 0; i < slashes; i++) {
            out[o++] = '\\';
        }
        out[o] = '"';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
