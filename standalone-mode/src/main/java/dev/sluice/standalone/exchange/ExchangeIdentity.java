package dev.sluice.standalone.exchange;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.identity.HeaderLookup;
import dev.sluice.policy.identity.ServiceIdentity;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who and what one exchange is, taken once from its request head whatever the front end: its id
 * (also the event id), the request's method, path, authority and whether it is gRPC, the source
 * service (by the policy's identity rules: peer certificate, headers, peer address), the
 * destination service, the token identity, and the policy in force when the request came — every
 * decision on the exchange asks that one policy, and its draw for routes that inspect a sample
 * of their exchanges. Immutable.
 */
public final class ExchangeIdentity {
    private final String id;
    private final String method;
    private final String path;
    private final String authority;
    private final boolean grpc;
    private final ServiceIdentity source;
    private final String destination;
    private final TokenIdentity token;
    private final Correlation correlation;
    private final Policy policy;
    /** Uniform in [0, 1): the exchange is in a route's sample when it is below the sample's share. */
    private final double sampleDraw;
    /** The plans of the exchange's routes, selected once: every question about a body meets the same answer. */
    private final BodyPlan requestPlan;
    private final BodyPlan responsePlan;

    private ExchangeIdentity(Builder b) {
        this.id = b.id;
        this.method = b.method;
        this.path = b.path;
        this.authority = b.authority;
        this.grpc = b.grpc;
        this.source = b.ids.source().resolve(b.headers, b.uriSan, b.peerAddress);
        this.destination = b.ids.destination().name();
        this.token = b.ids.token().extract(b.headers);
        this.correlation = Correlation.of(b.headers);
        this.policy = b.ids.policy();
        this.sampleDraw = ThreadLocalRandom.current().nextDouble();
        this.requestPlan = selectPlan(Direction.REQUEST);
        this.responsePlan = selectPlan(Direction.RESPONSE);
    }

    private ExchangeIdentity(ExchangeIdentity of, String id) {
        this.id = Objects.requireNonNull(id, "id");
        this.method = of.method;
        this.path = of.path;
        this.authority = of.authority;
        this.grpc = of.grpc;
        this.source = of.source;
        this.destination = of.destination;
        this.token = of.token;
        this.correlation = of.correlation;
        this.policy = of.policy;
        this.sampleDraw = of.sampleDraw; // a WebSocket's messages are sampled with the exchange that opened it
        this.requestPlan = of.requestPlan;
        this.responsePlan = of.responsePlan;
    }

    /**
     * The same exchange under another id: each message of a WebSocket that the exchange opened
     * is reported as its own, between the same parties under the same policy.
     */
    public ExchangeIdentity withId(String newId) {
        return new ExchangeIdentity(this, newId);
    }

    /** An exchange named {@code id}, identified by {@code ids}; with nothing else set, a GET of {@code /}. */
    public static Builder builder(String id, PolicyIdentities ids) {
        return new Builder(id, ids);
    }

    /** The key that selects the exchange's route in {@code direction}. */
    public RouteKey routeKey(Direction direction) {
        return grpc ? RouteKey.grpc(authority, path, null, null, direction)
                : RouteKey.http(authority, path, method, direction);
    }

    /**
     * What the route in {@code direction} may do with a body of this exchange: the route's plan,
     * or, when the route samples that direction and this exchange is not in the sample, the plan
     * of a message that is not read ({@link BodyPlan#sampledOut}). The same answer every time it
     * is asked, and the request and the response are sampled together.
     */
    public BodyPlan plan(Direction direction) {
        return direction == Direction.REQUEST ? requestPlan : responsePlan;
    }

    private BodyPlan selectPlan(Direction direction) {
        return policy.rules(routeKey(direction)).plan(sampleDraw);
    }

    /** The question for the policy about one body of this exchange in {@code direction} with {@code findings}. */
    public DecisionRequest decisionRequest(Direction direction, List<Finding> findings) {
        List<PolicyFinding> asked = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            asked.add(PolicyPlans.policyFinding(f));
        }
        return new DecisionRequest(routeKey(direction), source.name(), destination, token, asked);
    }

    public String id() {
        return id;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String authority() {
        return authority;
    }

    public boolean grpc() {
        return grpc;
    }

    /** The source service's name, for events and the policy (a peer address when nothing better is known). */
    public String source() {
        return source.name();
    }

    /** The source service's name for metric labels: never a peer address, which is not a bounded set. */
    public String sourceLabel() {
        return source.origin() == ServiceIdentity.Origin.PEER_ADDRESS ? ServiceIdentity.UNKNOWN.name() : source.name();
    }

    public String destination() {
        return destination;
    }

    public TokenIdentity token() {
        return token;
    }

    /** The request id and trace id the request came with, for events; never used to decide. */
    public Correlation correlation() {
        return correlation;
    }

    /** The policy in force when the request came. */
    public Policy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "Exchange[" + id + (grpc ? " grpc" : "") + "]";
    }

    /** What the front end read off the request; unset parts keep their defaults. */
    public static final class Builder {
        private final String id;
        private final PolicyIdentities ids;
        private String method = "GET";
        private String path = "/";
        private String authority = "";
        private boolean grpc;
        private HeaderLookup headers = HeaderLookup.NONE;
        private String uriSan;
        private String peerAddress;

        private Builder(String id, PolicyIdentities ids) {
            this.id = Objects.requireNonNull(id, "id");
            this.ids = Objects.requireNonNull(ids, "ids");
        }

        /** The request line; a null part keeps its default. */
        public Builder request(String method, String path, String authority) {
            this.method = method == null ? this.method : method;
            this.path = path == null ? this.path : path;
            this.authority = authority == null ? this.authority : authority;
            return this;
        }

        public Builder grpc(boolean grpc) {
            this.grpc = grpc;
            return this;
        }

        /** The request headers, for header identity rules and the token. */
        public Builder headers(HeaderLookup headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** What is known of the peer: a verified certificate's URI SAN and the address, either null. */
        public Builder peer(String uriSan, String address) {
            this.uriSan = uriSan;
            this.peerAddress = address;
            return this;
        }

        public ExchangeIdentity build() {
            return new ExchangeIdentity(this);
        }
    }
}
