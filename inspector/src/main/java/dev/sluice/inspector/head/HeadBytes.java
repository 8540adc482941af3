package dev.sluice.inspector.head;

import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A request or response head as {@code message/http} bytes, for {@link HttpHeadParser}: the
 * start line and the header fields a front end received, whatever its protocol (HTTP/1.1,
 * HTTP/2 pseudo headers, Envoy's header map, HAProxy's). At most {@value #MAX_BYTES} bytes: a
 * field that would pass it is left out and {@link #truncated} says so. Front ends bound their
 * heads well below that (the proxy's header limit, Envoy's 60 KiB default, HAProxy's frame size).
 * Where each field's value lies is kept ({@link #fields}), so that a finding's wire offsets name
 * the field it was found in ({@link HeadRedactor}). Not thread-safe; one per head.
 */
public final class HeadBytes {
    public static final int MAX_BYTES = 64 * 1024;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * A header field as added, its value at {@code [valueStart, valueEnd)} of the head's bytes;
     * {@code index} counts every field added, the ones left out included.
     */
    public record Field(int index, String name, int valueStart, int valueEnd) {
    }

    private byte[] buf = new byte[512];
    private int len;
    private boolean truncated;
    private int added;
    /** {@link #bytes()} as last made. */
    private byte[] ended;
    private final List<Field> fields = new ArrayList<>();
    /** A request's target at {@code [targetStart, targetEnd)} of the bytes; -1 for a response's head. */
    private int targetStart = -1;
    private int targetEnd = -1;

    private HeadBytes(String startLine) {
        if (!append(startLine, "", "", "\r\n")) {
            truncated = true;
        }
    }

    /**
     * A request head.
     *
     * @param method the request method
     * @param target the request target: origin form ({@code /path?query}) or absolute form
     */
    public static HeadBytes request(String method, String target) {
        String escaped = target == null || target.isEmpty() ? "/" : escapeSpaces(target);
        HeadBytes head = new HeadBytes(method + " " + escaped + " HTTP/1.1");
        if (!head.truncated) {
            head.targetStart = method.getBytes(StandardCharsets.UTF_8).length + 1;
            head.targetEnd = head.targetStart + escaped.getBytes(StandardCharsets.UTF_8).length;
        }
        return head;
    }

    /**
     * A request's trailers as the fields of a head: its target is {@code *}, which holds no value,
     * so that only the fields added are read (its path and query were read with its head).
     */
    public static HeadBytes requestTrailers(String method) {
        return request(method == null || method.isEmpty() ? "POST" : method, "*");
    }

    /**
     * A head to read a message's trailers into as its fields (a response's head too): a response's
     * under its {@code status}, a request's trailers under its {@code method} ({@link #requestTrailers}).
     */
    public static HeadBytes forFields(Direction direction, int status, String method) {
        return direction == Direction.RESPONSE ? response(status) : requestTrailers(method);
    }

    /** A response head with {@code status} (its reason phrase is not kept: no application reads it). */
    public static HeadBytes response(int status) {
        return new HeadBytes("HTTP/1.1 " + status);
    }

    /**
     * The target with white space and control characters percent-encoded: an HTTP/2 {@code :path}
     * may hold a space that no request line can, and the rest of the target must not pass for the
     * version (its query still decodes to the same values).
     */
    static String escapeSpaces(String target) {
        StringBuilder out = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(target.length() + 16).append(target, 0, i);
                }
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? target : out.toString();
    }

    /**
     * Adds a header field; pseudo headers ({@code :path}) and fields the head has no room left
     * for are skipped. Line breaks inside a value (which no front end lets through) end it.
     */
    public HeadBytes header(String name, String value) {
        int index = added++;
        if (name.isEmpty() || name.charAt(0) == ':' || truncated) {
            return this;
        }
        int valueStart = len + name.getBytes(StandardCharsets.UTF_8).length + 2;
        if (!append(name, ": ", clean(value), "\r\n")) {
            truncated = true;
            return this;
        }
        fields.add(new Field(index, name, valueStart, len - 2));
        return this;
    }

    /** Where a request's target starts in {@link #bytes()}; -1 in a response's head. */
    public int targetStart() {
        return targetStart;
    }

    /** Where a request's target ends in {@link #bytes()} (exclusive); -1 in a response's head. */
    public int targetEnd() {
        return targetEnd;
    }

    /** The fields in the head, in the order added. */
    public List<Field> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** Whether some field was left out for the size limit. */
    public boolean truncated() {
        return truncated;
    }

    /** The head so far, ended by its blank line: the bytes {@link #fields}' offsets point into. Not to be changed. */
    public byte[] bytes() {
        if (ended == null || ended.length != len + 2) {
            ended = Arrays.copyOf(buf, len + 2);
            ended[len] = '\r';
            ended[len + 1] = '\n';
        }
        return ended;
    }

    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        int cr = value.indexOf('\r');
        int lf = value.indexOf('\n');
        int cut = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
        return cut < 0 ? value : value.substring(0, cut);
    }

    private boolean append(String a, String b, String c, String d) {
        byte[] ab = a.getBytes(StandardCharsets.UTF_8);
        byte[] cb = c.getBytes(StandardCharsets.UTF_8);
        int need = ab.length + b.length() + cb.length + d.length();
        if (len + need + 2 > MAX_BYTES) {
            return false;
        }
        if (len + need + 2 > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_BYTES, Math.max(buf.length * 2, len + need + 2)));
        }
        put(ab);
        putAscii(b);
        put(cb);
        putAscii(d);
        return true;
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void putAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }
}
