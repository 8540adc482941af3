package dev.sluice.standalone.extproc;

import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.identity.HeaderLookup;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The headers of one Envoy {@code HeaderMap}, by lower-case name. Envoy sends values in
 * {@code raw_value} (bytes) in current versions and in {@code value} in older ones; both are
 * read. A repeated name keeps its first value, as {@link HeaderLookup} asks, except
 * {@code x-forwarded-client-cert}, whose repeats are joined (its last element names the nearest
 * peer). Bounded: at most
 * {@value #MAX_HEADERS} headers and {@value #MAX_VALUE_CHARS} characters per value are kept,
 * the rest is ignored (Envoy's own header limits are far below these).
 */
final class EnvoyHeaders implements HeaderLookup {
    static final int MAX_HEADERS = 512;
    static final int MAX_VALUE_CHARS = 16 * 1024;
    private static final String XFCC = "x-forwarded-client-cert";
    static final EnvoyHeaders EMPTY = new EnvoyHeaders(Map.of());

    private final Map<String, String> values;

    private EnvoyHeaders(Map<String, String> values) {
        this.values = values;
    }

    static EnvoyHeaders of(HeaderMap map) {
        Map<String, String> values = new HashMap<>();
        int n = Math.min(map.getHeadersCount(), MAX_HEADERS);
        for (int i = 0; i < n; i++) {
            HeaderValue h = map.getHeaders(i);
            String name = h.getKey().toLowerCase(Locale.ROOT);
            String value = valueOf(h);
            if (name.equals(XFCC)) {
                values.merge(name, value, (a, b) -> a.length() + b.length() > MAX_VALUE_CHARS ? a : a + "," + b);
            } else {
                values.putIfAbsent(name, value);
            }
        }
        return new EnvoyHeaders(values);
    }

    /**
     * The request head of {@code map} as {@link HeadBytes}, every field in order with its
     * repeats (HTTP/2 sends each cookie as a field of its own), within the same bounds.
     */
    static HeadBytes requestHead(HeaderMap map) {
        String method = "GET";
        String path = "/";
        int n = Math.min(map.getHeadersCount(), MAX_HEADERS);
        for (int i = 0; i < n; i++) {
            HeaderValue h = map.getHeaders(i);
            if (h.getKey().equals(":method")) {
                method = valueOf(h);
            } else if (h.getKey().equals(":path")) {
                path = valueOf(h);
            }
        }
        return withFields(HeadBytes.request(method, path), map);
    }

    /** The response head of {@code map} as {@link HeadBytes}, as {@link #requestHead} reads a request's. */
    static HeadBytes responseHead(HeaderMap map) {
        int status;
        try {
            status = Integer.parseInt(status(map));
        } catch (NumberFormatException e) {
            status = 0;
        }
        return withFields(HeadBytes.response(status), map);
    }

    /**
     * A message's trailers as a head's fields: a response's under its status (trailers have none
     * of their own), a request's under its method.
     */
    static HeadBytes trailers(Direction direction, int status, String method, HeaderMap map) {
        return withFields(HeadBytes.forFields(direction, status, method), map);
    }

    private static String status(HeaderMap map) {
        int n = Math.min(map.getHeadersCount(), MAX_HEADERS);
        for (int i = 0; i < n; i++) {
            HeaderValue h = map.getHeaders(i);
            if (h.getKey().equals(":status")) {
                return valueOf(h);
            }
        }
        return "0";
    }

    private static HeadBytes withFields(HeadBytes head, HeaderMap map) {
        int n = Math.min(map.getHeadersCount(), MAX_HEADERS);
        for (int i = 0; i < n; i++) {
            HeaderValue h = map.getHeaders(i);
            head.header(h.getKey(), valueOf(h));
        }
        return head;
    }

    private static String valueOf(HeaderValue h) {
        String value = h.getRawValue().isEmpty() ? h.getValue() : h.getRawValue().toString(StandardCharsets.UTF_8);
        return value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value;
    }

    @Override
    public String first(String lowerCaseName) {
        return values.get(lowerCaseName);
    }

    /** The value, or {@code fallback} when the header is missing or empty. */
    String first(String lowerCaseName, String fallback) {
        String v = values.get(lowerCaseName);
        return v == null || v.isEmpty() ? fallback : v;
    }

    boolean has(String lowerCaseName) {
        return values.containsKey(lowerCaseName);
    }
}
