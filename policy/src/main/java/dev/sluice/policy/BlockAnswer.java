package dev.sluice.policy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a client is answered when Sluice refuses its request or its response on a route, in
 * place of the built-in 403 JSON: a status, a content type and a body in which
 * {@value #EVENT_ID} stands for the event's id (so the client can quote it to an operator).
 * gRPC and grpc-web calls keep their {@code PERMISSION_DENIED} status, which their clients
 * read. The event id holds only {@code [A-Za-z0-9._:-]}, so it needs no escaping in HTML or
 * JSON; nothing else of the exchange is ever put in the answer. Immutable.
 *
 * @param status      an HTTP status from 400 to 599
 * @param contentType 1 to {@value #MAX_CONTENT_TYPE} printable ASCII characters
 * @param body        at most {@value #MAX_BODY} bytes of UTF-8 (may be empty)
 * @param headers     more header fields, in order ({@code Access-Control-Allow-Origin} so a
 *                    browser's script can read the refusal, {@code Retry-After}); at most
 *                    {@value #MAX_HEADERS}, names HTTP tokens other than the framing and cache
 *                    fields Sluice sets, values printable ASCII where {@value #EVENT_ID} also
 *                    stands for the event's id. They go on gRPC refusals too (grpc-web in a
 *                    browser needs CORS as much)
 */
public record BlockAnswer(int status, String contentType, String body, Map<String, String> headers) {
    /** The placeholder the event's id replaces. */
    public static final String EVENT_ID = "{event_id}";
    public static final int MAX_CONTENT_TYPE = 128;
    public static final int MAX_BODY = 8192;
    public static final int MAX_HEADERS = 16;
    public static final int MAX_HEADER_NAME = 64;
    public static final int MAX_HEADER_VALUE = 1024;
    /**
     * Fields an answer may not set: its framing, its type (that is {@code content_type}), its
     * cacheability (a refusal is never stored: {@code Cache-Control: no-store}), hop-by-hop
     * fields, gRPC's status and Sluice's own verdict.
     */
    public static final Set<String> RESERVED_HEADERS = Set.of("content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "cache-control", "host",
            "grpc-status", "grpc-message", "x-sluice-verdict");

    /** An answer without more header fields. */
    public BlockAnswer(int status, String contentType, String body) {
        this(status, contentType, body, Map.of());
    }

    public BlockAnswer {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599, not " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        if (contentType.isEmpty() || contentType.length() > MAX_CONTENT_TYPE
                || !contentType.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new IllegalArgumentException("content_type must be 1 to " + MAX_CONTENT_TYPE
                    + " printable ASCII characters");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY) {
            throw new IllegalArgumentException("body must be at most " + MAX_BODY + " bytes");
        }
        Objects.requireNonNull(headers, "headers");
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("headers must be at most " + MAX_HEADERS);
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            checkHeader(h.getKey(), h.getValue());
            if (!seen.add(h.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + h.getKey() + " is given twice");
            }
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Checks one header field an answer would carry; throws {@link IllegalArgumentException} saying what is wrong. */
    public static void checkHeader(String name, String value) {
        if (name.length() > MAX_HEADER_NAME || !HttpTokens.is(name)) {
            throw new IllegalArgumentException("header name '" + name + "' must be 1 to " + MAX_HEADER_NAME
                    + " letters, digits or !#$%&'*+-.^_`|~");
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is Sluice's to set, not an answer's");
        }
        if (value == null || value.length() > MAX_HEADER_VALUE || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                || !value.equals(value.strip())) {
            throw new IllegalArgumentException("header " + name + " must have a value of at most " + MAX_HEADER_VALUE
                    + " printable ASCII characters, without spaces around it");
        }
    }

    /** The header fields for the event {@code eventId}, in order. */
    public Map<String, String> headersFor(String eventId) {
        if (headers.isEmpty()) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> out.put(name, value.replace(EVENT_ID, eventId)));
        return out;
    }

    /** The body for the event {@code eventId}, as UTF-8. */
    public byte[] bodyFor(String eventId) {
        return body.replace(EVENT_ID, eventId).getBytes(StandardCharsets.UTF_8);
    }
}
