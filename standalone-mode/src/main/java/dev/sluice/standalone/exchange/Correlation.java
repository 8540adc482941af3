package dev.sluice.standalone.exchange;

import dev.sluice.policy.identity.HeaderLookup;

/**
 * What ties an exchange to the records other systems keep of it: the request id a proxy put in
 * {@code X-Request-Id} (Envoy makes one for every request and logs it; nginx's
 * {@code $request_id}, HAProxy's {@code unique-id} can be sent so) and the trace id of a W3C
 * {@code traceparent}. An event carries them so an analyst goes from a finding to the access log
 * line and the trace of the same request. Either may be null. Both come from the client's side
 * of the traffic, so each is taken only in a narrow shape (a request id of at most
 * {@value #MAX_REQUEST_ID_CHARS} visible ASCII characters, a trace id of 32 lower-case hex
 * digits not all zero) and is never used to decide anything.
 *
 * @param requestId the {@code X-Request-Id} value, or null
 * @param traceId   the trace id of a version-00 {@code traceparent}, or null
 */
public record Correlation(String requestId, String traceId) {
    public static final Correlation NONE = new Correlation(null, null);
    static final int MAX_REQUEST_ID_CHARS = 128;

    /** The correlation ids in {@code headers}. */
    public static Correlation of(HeaderLookup headers) {
        String requestId = requestId(headers.first("x-request-id"));
        String traceId = traceId(headers.first("traceparent"));
        return requestId == null && traceId == null ? NONE : new Correlation(requestId, traceId);
    }

    /** {@code value} when it is 1 to 128 visible ASCII characters (no space, quote or backslash), else null. */
    static String requestId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_REQUEST_ID_CHARS) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 127 || c == '"' || c == '\\') {
                return null;
            }
        }
        return value;
    }

    /**
     * The trace id of a {@code traceparent} of version 00 ({@code 00-<32 hex>-<16 hex>-<2 hex>}),
     * or null for anything else (W3C Trace Context: an all-zero id is invalid).
     */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String t = traceparent.strip();
        if (t.length() != 55 || !t.startsWith("00-") || t.charAt(35) != '-' || t.charAt(52) != '-'
                || !hex(t, 3, 35) || !hex(t, 36, 52) || !hex(t, 53, 55)) {
            return null;
        }
        String id = t.substring(3, 35);
        return id.chars().allMatch(c -> c == '0') ? null : id;
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
