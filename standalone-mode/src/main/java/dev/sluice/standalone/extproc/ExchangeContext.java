package dev.sluice.standalone.extproc;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.FailRule;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.identity.ServiceIdentity;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.standalone.serve.SharedRuntime;

/**
 * Who and what one ext_proc exchange is: its id (also the event id), the request's method, path,
 * authority and whether it is gRPC, the source service (peer attributes, XFCC, headers — the
 * policy's identity rules), the destination service and the token identity. Taken once, from
 * the request headers (or, when Envoy skips those, from nothing: the defaults route decides).
 */
final class ExchangeContext {
    private final String id;
    private final String method;
    private final String path;
    private final String authority;
    private final boolean grpc;
    private final ServiceIdentity source;
    private final String destination;
    private final TokenIdentity token;
    private final Policy policy;

    private ExchangeContext(String id, String method, String path, String authority, boolean grpc,
                            ServiceIdentity source, String destination, TokenIdentity token, Policy policy) {
        this.id = id;
        this.method = method;
        this.path = path;
        this.authority = authority;
        this.grpc = grpc;
        this.source = source;
        this.destination = destination;
        this.token = token;
        this.policy = policy;
    }

    static ExchangeContext of(SharedRuntime runtime, EnvoyHeaders headers, PeerAttributes peer) {
        String contentType = headers.first("content-type", "");
        boolean grpc = contentType.regionMatches(true, 0, "application/grpc", 0, "application/grpc".length());
        ServiceIdentity source = runtime.sourceResolver().resolve(headers, peer.uriSan(), peer.address());
        return new ExchangeContext(runtime.nextExchangeId(), headers.first(":method", "GET"),
                headers.first(":path", "/"), headers.first(":authority", headers.first("host", "")), grpc, source,
                runtime.destination().name(), runtime.tokenExtractor().extract(headers), runtime.policy());
    }

    RouteKey routeKey(Direction direction) {
        return grpc ? RouteKey.grpc(authority, path, null, null, direction)
                : RouteKey.http(authority, path, method, direction);
    }

    BodyPlan plan(Direction direction) {
        return policy.plan(routeKey(direction));
    }

    /** The rule for an exchange this server cannot process as asked; open in detect mode. */
    FailRule failRule() {
        if (policy.mode() == Mode.DETECT) {
            return FailRule.OPEN;
        }
        return plan(Direction.REQUEST).failRule();
    }

    /** The rule when no exchange is known yet (a message before any headers): the defaults'. */
    static FailRule defaultFailRule(Policy policy) {
        return policy.mode() == Mode.DETECT ? FailRule.OPEN : policy.failRule(policy.defaults());
    }

    Policy policy() {
        return policy;
    }

    String id() {
        return id;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    boolean grpc() {
        return grpc;
    }

    String source() {
        return source.name();
    }

    /** The source for metric labels: never a peer address, which is not a bounded set. */
    String sourceLabel() {
        return source.origin() == ServiceIdentity.Origin.PEER_ADDRESS ? ServiceIdentity.UNKNOWN.name() : source.name();
    }

    String destination() {
        return destination;
    }

    TokenIdentity token() {
        return token;
    }

    @Override
    public String toString() {
        return "ExchangeContext[" + id + (grpc ? " grpc" : "") + "]";
    }
}
