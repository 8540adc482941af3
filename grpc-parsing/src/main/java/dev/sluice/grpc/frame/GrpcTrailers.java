package dev.sluice.grpc.frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The status of a gRPC call as its trailers carry it ({@code grpc-status}, {@code grpc-message};
 * grpc/grpc PROTOCOL-HTTP2.md, "Responses"): front ends pass trailers through unchanged and hand
 * this value to the inspector, which may scan the message text (an error message can echo a
 * secret). Immutable.
 *
 * <p>{@code grpc-message} is percent-decoded as the protocol asks: {@code %XX} becomes that byte,
 * and a {@code %} not followed by two hex digits is kept as it is; the bytes are then UTF-8
 * (malformed sequences read as U+FFFD). At most {@value #MAX_MESSAGE_BYTES} decoded bytes are
 * kept. {@link #toString()} never shows the message, only its length.
 */
public final class GrpcTrailers {
    /** Decoded grpc-message bytes kept; more is cut. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static final GrpcTrailers NONE = new GrpcTrailers(-1, null);
    private static final String STATUS = "grpc-status";
    private static final String MESSAGE = "grpc-message";

    private final int status;
    private final byte[] message;

    private GrpcTrailers(int status, byte[] message) {
        this.status = status;
        this.message = message;
    }

    /** No status and no message. */
    public static GrpcTrailers none() {
        return NONE;
    }

    /** From the raw header values (either may be null); {@code grpcMessage} still percent-encoded. */
    public static GrpcTrailers of(String grpcStatus, String grpcMessage) {
        int status = parseStatus(grpcStatus);
        byte[] message = grpcMessage == null ? null : percentDecode(grpcMessage);
        return status < 0 && message == null ? NONE : new GrpcTrailers(status, message);
    }

    /** From a header map; names are matched case-insensitively. */
    public static GrpcTrailers from(Map<String, String> headers) {
        String status = null;
        String message = null;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (STATUS.equalsIgnoreCase(e.getKey())) {
                status = e.getValue();
            } else if (MESSAGE.equalsIgnoreCase(e.getKey())) {
                message = e.getValue();
            }
        }
        return of(status, message);
    }

    /**
     * From a grpc-web trailer frame's payload: HTTP/1.1-style {@code name: value} lines ended by
     * CRLF (grpc/grpc PROTOCOL-WEB.md); other trailers are ignored.
     */
    static GrpcTrailers parseBlock(byte[] buf, int off, int len) {
        String status = null;
        String message = null;
        int end = off + len;
        int line = off;
        while (line < end) {
            int eol = line;
            while (eol < end && buf[eol] != '\n') {
                eol++;
            }
            int colon = line;
            while (colon < eol && buf[colon] != ':') {
                colon++;
            }
            if (colon < eol) {
                String name = ascii(buf, line, colon).trim().toLowerCase(Locale.ROOT);
                String value = ascii(buf, colon + 1, eol).trim();
                if (name.equals(STATUS)) {
                    status = value;
                } else if (name.equals(MESSAGE)) {
                    message = value;
                }
            }
            line = eol + 1;
        }
        return of(status, message);
    }

    /** The status code, when present and a valid non-negative decimal int. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    public boolean hasMessage() {
        return message != null;
    }

    /** The decoded message text, or null when there is none. */
    public String message() {
        return message == null ? null : new String(message, StandardCharsets.UTF_8);
    }

    /** A copy of the decoded message's UTF-8 bytes, for scanning; empty when there is none. */
    public byte[] messageBytes() {
        return message == null ? new byte[0] : message.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrpcTrailers t && t.status == status && Arrays.equals(t.message, message);
    }

    @Override
    public int hashCode() {
        return 31 * status + Arrays.hashCode(message);
    }

    @Override
    public String toString() {
        return "GrpcTrailers[status=" + (status < 0 ? "none" : Integer.toString(status))
                + ", message=" + (message == null ? "none" : message.length + " bytes") + "]";
    }

    private static int parseStatus(String s) {
        if (s == null) {
            return -1;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(s.length(), MAX_MESSAGE_BYTES));
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8); // the header should be ASCII; tolerate others
        for (int i = 0; i < utf8.length && out.size() < MAX_MESSAGE_BYTES; i++) {
            byte b = utf8[i];
            int hi;
            int lo;
            if (b == '%' && i + 2 < utf8.length && (hi = hex(utf8[i + 1])) >= 0 && (lo = hex(utf8[i + 2])) >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
