package dev.sluice.standalone.proxy.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A decision to block: the event id that the client's answer names (so that an operator can find
 * the event), a short reason for the proxy's own records, and the answer the route configures
 * for a refused client (null: the front end's built-in one). None may hold a sensitive value:
 * the event id is sent to the client, and all may be logged.
 *
 * @param reason  a short label such as {@code policy} or a detector id; 1 to 128 printable ASCII
 *                characters
 * @param eventId the event's id; 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 * @param answer  the configured answer, or null
 */
public record Block(String reason, String eventId, Answer answer) {
    private static final int MAX_LENGTH = 128;

    /**
     * A configured answer to a refused HTTP client (gRPC calls keep their status): already filled
     * in with the event id, so the front end only writes it.
     *
     * @param status      400 to 599
     * @param contentType the answer's {@code Content-Type}
     * @param body        the answer's bytes; not copied, never modified
     * @param headers     more header fields, in order (checked by the policy: tokens, printable
     *                    values, none of the framing, type or cache fields); on gRPC refusals too
     */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Answer {
            Objects.requireNonNull(headers, "headers");
            headers = headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** An answer without more header fields. */
        public Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }
    }

    /**
     * The body of the built-in answer to a refused HTTP client, a 403 of {@code application/json}:
     * {@code {"error":"blocked","event_id":"…"}}. Every front end answers with it (the proxy, the
     * ext_proc server; HAProxy's configuration writes the same), so a client reads one form.
     */
    public static String builtInBody(String eventId) {
        return "{\"error\":\"blocked\",\"event_id\":\"" + eventId + "\"}";
    }

    /** The message of a refused gRPC call ({@code grpc-message}) or WebSocket (close reason), naming the event. */
    public static String statusMessage(String eventId) {
        return "blocked by policy, event " + eventId;
    }

    /** {@link #statusMessage(String)} for this block's event. */
    public String statusMessage() {
        return statusMessage(eventId);
    }

    /** A block with the front end's built-in answer. */
    public Block(String reason, String eventId) {
        this(reason, eventId, null);
    }

    public Block {
        if (reason == null || reason.isEmpty() || reason.length() > MAX_LENGTH || !printable(reason)) {
            throw new IllegalArgumentException("reason must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        if (eventId == null || eventId.isEmpty() || eventId.length() > MAX_LENGTH || !idChars(eventId)) {
            throw new IllegalArgumentException("eventId must be 1 to " + MAX_LENGTH + " characters of [A-Za-z0-9._:-]");
        }
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean idChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
