package dev.sluice.policy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

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
 */
public record BlockAnswer(int status, String contentType, String body) {
    /** The placeholder the event's id replaces. */
    public static final String EVENT_ID = "{event_id}";
    public static final int MAX_CONTENT_TYPE = 128;
    public static final int MAX_BODY = 8192;

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
    }

    /** The body for the event {@code eventId}, as UTF-8. */
    public byte[] bodyFor(String eventId) {
        return body.replace(EVENT_ID, eventId).getBytes(StandardCharsets.UTF_8);
    }
}
