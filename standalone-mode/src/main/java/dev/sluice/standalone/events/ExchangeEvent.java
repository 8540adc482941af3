package dev.sluice.standalone.events;

import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Mode;
import dev.sluice.policy.identity.TokenIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the event log: what happened to one body of one exchange. Immutable; made by
 * {@link #builder}. What it can hold is limited by type and by checks, so that nothing sensitive
 * reaches the log: the token only as a {@link TokenIdentity} (a JWT claim or a keyed hash), the
 * request path without its query string (set from the request target, the query is dropped),
 * findings only as {@link EventFinding}s. Sizes are bounded: at most {@value #MAX_FINDINGS}
 * distinct findings (the rest are counted in {@link #findingsDropped()}), paths of
 * {@value #MAX_PATH_CHARS} characters, names of {@value #MAX_NAME_CHARS}.
 */
public final class ExchangeEvent {
    static final int MAX_FINDINGS = 256;
    static final int MAX_PATH_CHARS = 1024;
    static final int MAX_NAME_CHARS = 128;
    static final int MAX_METHOD_CHARS = 32;

    private final Instant time;
    private final String exchangeId;
    private final String requestId;
    private final String traceId;
    private final Direction direction;
    private final Mode mode;
    private final String route;
    private final String sourceService;
    private final String destinationService;
    private final TokenIdentity token;
    private final String method;
    private final String path;
    private final int status;
    private final ExchangeAction action;
    private final Delivery delivery;
    private final String reason;
    private final Outcome outcome;
    private final List<EventFinding> findings;
    private final int findingsDropped;

    private ExchangeEvent(Builder b) {
        this.time = b.time == null ? Instant.now() : b.time;
        this.exchangeId = b.exchangeId;
        this.requestId = b.requestId;
        this.traceId = b.traceId;
        this.direction = b.direction;
        this.mode = b.mode;
        this.route = b.route;
        this.sourceService = b.sourceService;
        this.destinationService = b.destinationService;
        this.token = b.token;
        this.method = b.method;
        this.path = b.path;
        this.status = b.status;
        this.action = b.action;
        this.delivery = b.delivery;
        this.reason = b.reason;
        this.outcome = b.outcome;
        this.findings = List.copyOf(b.findings);
        this.findingsDropped = b.findingsDropped;
    }

    /** A builder for the event of exchange {@code exchangeId} ({@code [A-Za-z0-9._:-]}, 1 to 128 characters). */
    public static Builder builder(String exchangeId, Direction direction) {
        return new Builder(exchangeId, direction);
    }

    public Instant time() {
        return time;
    }

    public String exchangeId() {
        return exchangeId;
    }

    /** The request's {@code X-Request-Id}, or null: the proxy's access log line of the same request. */
    public String requestId() {
        return requestId;
    }

    /** The trace id of the request's {@code traceparent}, or null: the trace of the same request. */
    public String traceId() {
        return traceId;
    }

    public Direction direction() {
        return direction;
    }

    public Mode mode() {
        return mode;
    }

    public String route() {
        return route;
    }

    public String sourceService() {
        return sourceService;
    }

    public String destinationService() {
        return destinationService;
    }

    public TokenIdentity token() {
        return token;
    }

    /** The request method, or empty when unknown. */
    public String method() {
        return method;
    }

    /** The request path, never with a query string; empty when unknown. */
    public String path() {
        return path;
    }

    /** The response status, or 0 when there was none yet (a request blocked before it left). */
    public int status() {
        return status;
    }

    public ExchangeAction action() {
        return action;
    }

    /** What became of the body on the wire; {@code forwarded} in detect mode. */
    public Delivery delivery() {
        return delivery;
    }

    /** Why it was blocked ({@code detector:<id>}, {@code budget:<name>}), or empty. */
    public String reason() {
        return reason;
    }

    /** How inspection ended, or null when not reported. */
    public Outcome outcome() {
        return outcome;
    }

    public List<EventFinding> findings() {
        return findings;
    }

    /** Distinct findings beyond {@value #MAX_FINDINGS}, not listed. */
    public int findingsDropped() {
        return findingsDropped;
    }

    /** This event as one line of JSON, without the line end. */
    public String toJson() {
        return EventJson.toJson(this);
    }

    @Override
    public String toString() {
        return "ExchangeEvent[" + exchangeId + " " + direction.label() + " " + route + " " + action.label() + ", "
                + findings.size() + " findings]";
    }

    /**
     * Builds an {@link ExchangeEvent}. Unset fields: time now, mode enforce, route {@code default},
     * services {@code unknown}, no token, no method, path or status, action {@code allow}, delivery
     * {@code forwarded}.
     */
    public static final class Builder {
        private Instant time;
        private final String exchangeId;
        private String requestId;
        private String traceId;
        private final Direction direction;
        private Mode mode = Mode.ENFORCE;
        private String route = "default";
        private String sourceService = "unknown";
        private String destinationService = "unknown";
        private TokenIdentity token = TokenIdentity.NONE;
        private String method = "";
        private String path = "";
        private int status;
        private ExchangeAction action = ExchangeAction.ALLOW;
        private Delivery delivery = Delivery.FORWARDED;
        private String reason = "";
        private Outcome outcome;
        private final List<EventFinding> findings = new ArrayList<>();
        /** Where each distinct finding stands in {@link #findings}: merging stays linear in the findings. */
        private final Map<EventFinding.MergeKey, Integer> positions = new HashMap<>();
        private int findingsDropped;

        private Builder(String exchangeId, Direction direction) {
            if (exchangeId == null || exchangeId.isEmpty() || exchangeId.length() > MAX_NAME_CHARS
                    || !idChars(exchangeId)) {
                throw new IllegalArgumentException("exchangeId must be 1 to " + MAX_NAME_CHARS
                        + " characters of [A-Za-z0-9._:-]");
            }
            this.exchangeId = exchangeId;
            this.direction = Objects.requireNonNull(direction, "direction");
        }

        public Builder time(Instant t) {
            this.time = Objects.requireNonNull(t, "time");
            return this;
        }

        /**
         * The ids that tie the event to other records of the request, each null when absent;
         * already checked for shape by the caller, cut to {@value #MAX_NAME_CHARS} characters here.
         */
        public Builder correlation(String requestId, String traceId) {
            this.requestId = requestId == null ? null : Texts.cut(requestId, MAX_NAME_CHARS);
            this.traceId = traceId == null ? null : Texts.cut(traceId, MAX_NAME_CHARS);
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        public Builder route(String name) {
            this.route = name(name, "default");
            return this;
        }

        public Builder sourceService(String name) {
            this.sourceService = name(name, "unknown");
            return this;
        }

        public Builder destinationService(String name) {
            this.destinationService = name(name, "unknown");
            return this;
        }

        /** Who the token belongs to; the raw token cannot be given. */
        public Builder token(TokenIdentity identity) {
            this.token = Objects.requireNonNull(identity, "token");
            return this;
        }

        /** The request method; anything that is not a short printable token is recorded as {@code other}. */
        public Builder method(String m) {
            this.method = m == null ? "" : m.length() <= MAX_METHOD_CHARS && Texts.printable(m)
                    && m.indexOf(' ') < 0 ? m : "other";
            return this;
        }

        /**
         * The request target as received ({@code /v1/users?token=...}); only the part before the
         * query or fragment is kept, cut to {@value #MAX_PATH_CHARS} characters.
         */
        public Builder requestTarget(String target) {
            this.path = target == null ? "" : Texts.cut(Texts.withoutQuery(target), MAX_PATH_CHARS);
            return this;
        }

        public Builder status(int s) {
            if (s != 0 && (s < 100 || s > 999)) {
                throw new IllegalArgumentException("status must be 0 (none) or 100 to 999, not " + s);
            }
            this.status = s;
            return this;
        }

        public Builder action(ExchangeAction a) {
            this.action = Objects.requireNonNull(a, "action");
            return this;
        }

        public Builder delivery(Delivery d) {
            this.delivery = Objects.requireNonNull(d, "delivery");
            return this;
        }

        /** The decision's reason ({@code detector:<id>}, {@code budget:<name>}); cut to {@value #MAX_NAME_CHARS}. */
        public Builder reason(String r) {
            this.reason = r == null ? "" : Texts.cut(r, MAX_NAME_CHARS);
            return this;
        }

        public Builder outcome(Outcome o) {
            this.outcome = o;
            return this;
        }

        /** Adds a finding; the same value at the same path with the same action adds to its count. */
        public Builder finding(EventFinding f) {
            Objects.requireNonNull(f, "finding");
            EventFinding.MergeKey key = f.mergeKey();
            Integer at = positions.get(key);
            if (at != null) {
                findings.set(at, findings.get(at).plusOne());
            } else if (findings.size() == MAX_FINDINGS) {
                findingsDropped++;
            } else {
                positions.put(key, findings.size());
                findings.add(f);
            }
            return this;
        }

        public ExchangeEvent build() {
            return new ExchangeEvent(this);
        }

        private static String name(String s, String absent) {
            return s == null || s.isEmpty() ? absent : Texts.cut(s, MAX_NAME_CHARS);
        }

        private static boolean idChars(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                        || c == ':' || c == '-')) {
                    return false;
                }
            }
            return true;
        }
    }
}
