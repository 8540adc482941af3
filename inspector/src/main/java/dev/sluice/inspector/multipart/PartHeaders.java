package dev.sluice.inspector.multipart;

import dev.sluice.inspector.text.AsciiCase;
import java.nio.charset.StandardCharsets;

/**
 * Reads the header lines of one body part (RFC 2046 §5.1.1, RFC 7578 §4.2-4.7) and keeps the
 * three that matter for inspection: the {@code name} and {@code filename} parameters of
 * {@code Content-Disposition}, the part's {@code Content-Type} and its {@code
 * Content-Transfer-Encoding}. Other headers are ignored; folded (obsolete) continuation lines
 * are ignored too. Header values are names and media types, not body values, so they become
 * Strings (once per part). Reused from part to part.
 */
final class PartHeaders {
    private static final byte[] CONTENT_DISPOSITION = AsciiCase.word("content-disposition");
    private static final byte[] CONTENT_TYPE = AsciiCase.word("content-type");
    private static final byte[] CONTENT_TRANSFER_ENCODING = AsciiCase.word("content-transfer-encoding");
    private static final byte[] NAME = AsciiCase.word("name");
    private static final byte[] FILENAME = AsciiCase.word("filename");
    private static final byte[] BASE64 = AsciiCase.word("base64");
    private static final byte[] QUOTED_PRINTABLE = AsciiCase.word("quoted-printable");

    private String name;
    private String filename;
    /** The file name with its backslashes, as a browser sends them (it does not escape them); null when the same. */
    private String filenameAsSent;
    /** A part's Content-Transfer-Encoding, as far as inspection cares. */
    enum TransferEncoding { NONE, BASE64, QUOTED_PRINTABLE }

    private String contentType;
    private TransferEncoding encoding = TransferEncoding.NONE;

    void reset() {
        name = null;
        filename = null;
        filenameAsSent = null;
        contentType = null;
        encoding = TransferEncoding.NONE;
    }

    /** The part name ({@code name=} of Content-Disposition), or null. */
    String name() {
        return name;
    }

    String filename() {
        return filename;
    }

    /**
     * The file name as a browser sends it, backslashes kept, when that differs from
     * {@link #filename} (read as an RFC 9110 quoted-string, where a backslash quotes the next
     * byte). Browsers escape no backslash; servers read either way (a Windows path
     * {@code ..\..\win.ini} is one reading's and not the other's). Null when they agree.
     */
    String filenameAsSent() {
        return filenameAsSent;
    }

    /**
     * The Content-Type to parse the part body as: its own (RFC 7578 §4.4 default {@code
     * text/plain}), or {@code application/octet-stream} when a Content-Transfer-Encoding of
     * base64 or quoted-printable applies, for a session that rewrites: there such bodies are
     * scanned as they are on the wire, since decoded bytes have no wire offsets to redact. A
     * session that only inspects decodes them ({@link TransferDecoding}, {@link #declaredContentType}).
     */
    String effectiveContentType() {
        if (encoding != TransferEncoding.NONE) {
            return "application/octet-stream";
        }
        return declaredContentType();
    }

    /** The part's own Content-Type, {@code text/plain} when it has none (RFC 7578 §4.4). */
    String declaredContentType() {
        return contentType == null ? "text/plain" : contentType;
    }

    TransferEncoding transferEncoding() {
        return encoding;
    }

    /** Takes one header line {@code line[0, len)} without its line end. */
    void line(byte[] line, int len) {
        int colon = indexOf(line, 0, len, (byte) ':');
        if (colon <= 0 || line[0] == ' ' || line[0] == '\t') {
            return;
        }
        int nameEnd = trimEnd(line, 0, colon);
        int vs = trimStart(line, colon + 1, len);
        int ve = trimEnd(line, vs, len);
        if (AsciiCase.equals(line, 0, nameEnd, CONTENT_TYPE)) {
            contentType = new String(line, vs, ve - vs, StandardCharsets.ISO_8859_1);
        } else if (AsciiCase.equals(line, 0, nameEnd, CONTENT_TRANSFER_ENCODING)) {
            encoding = AsciiCase.equals(line, vs, ve, BASE64) ? TransferEncoding.BASE64
                    : AsciiCase.equals(line, vs, ve, QUOTED_PRINTABLE) ? TransferEncoding.QUOTED_PRINTABLE
                    : TransferEncoding.NONE;
        } else if (AsciiCase.equals(line, 0, nameEnd, CONTENT_DISPOSITION)) {
            disposition(line, vs, ve);
        }
    }

    /** {@code form-data; name="field"; filename="a.txt"}: RFC 7578 §4.2, RFC 6266 §4.1. */
    private void disposition(byte[] b, int from, int to) {
        int i = indexOf(b, from, to, (byte) ';');
        while (i >= 0 && i < to) {
            int ps = trimStart(b, i + 1, to);
            int eq = ps;
            while (eq < to && b[eq] != '=' && b[eq] != ';') {
                eq++;
            }
            if (eq >= to || b[eq] == ';') {
                i = eq;
                continue;
            }
            int pe = trimEnd(b, ps, eq);
            int vs = trimStart(b, eq + 1, to);
            int ve;
            int next;
            String value;
            String asSent = null;
            if (vs < to && b[vs] == '"') {
                // quoted-string (RFC 9110 §5.6.4): a backslash quotes the next byte.
                StringBuilder sb = new StringBuilder();
                int j = vs + 1;
                boolean escaped = false;
                while (j < to && b[j] != '"') {
                    if (b[j] == '\\' && j + 1 < to) {
                        j++;
                        escaped = true;
                    }
                    sb.append((char) (b[j] & 0xff));
                    j++;
                }
                value = utf8(sb);
                if (escaped) {
                    // As a browser meant it: up to the first quote, every backslash a byte of the name.
                    int close = indexOf(b, vs + 1, to, (byte) '"');
                    asSent = new String(b, vs + 1, (close < 0 ? to : close) - vs - 1, StandardCharsets.UTF_8);
                }
                next = indexOf(b, Math.min(j + 1, to), to, (byte) ';');
            } else {
                ve = indexOf(b, vs, to, (byte) ';');
                next = ve;
                if (ve < 0) {
                    ve = to;
                }
                value = new String(b, vs, trimEnd(b, vs, ve) - vs, StandardCharsets.UTF_8);
            }
            if (AsciiCase.equals(b, ps, pe, NAME)) {
                name = value;
            } else if (AsciiCase.equals(b, ps, pe, FILENAME)) {
                filename = value;
                filenameAsSent = asSent;
            }
            i = next;
        }
    }

    /** Browsers send UTF-8 names inside quotes (RFC 7578 §5.1); the builder holds raw bytes as chars. */
    private static String utf8(StringBuilder latin1) {
        byte[] raw = new byte[latin1.length()];
        for (int k = 0; k < raw.length; k++) {
            raw[k] = (byte) latin1.charAt(k);
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int trimStart(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }
}
