package dev.sluice.standalone.serve;

import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.identity.HeaderLookup;
import dev.sluice.policy.identity.ServiceIdentity;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.ExchangeEvent;
import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.RequestHead;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One exchange through {@code sluice serve}: who it is between (source and destination service,
 * token identity — taken once, from the request head), the policy in force at the request head
 * with each direction's {@link BodyPlan}, the gRPC method's message types (looked up when the
 * request head arrives, so the response usually finds them ready), and the two
 * {@link BodyInspection}s. At the end of each body it asks the policy for a decision and has it
 * reported; the event of a body that is blocked waits for {@link #onComplete}, which says whether
 * the client got a clean refusal or a reset. All calls come from the exchange's I/O thread.
 */
final class InspectedExchange implements ExchangeFilter {
    private final String id;
    private final RequestHead request;
    private final PolicyRuntime policy;
    private final GrpcSchemas schemas;
    private final BodyReporter reporter;
    private final long maxHeldBodyBytes;
    private final Policy rules;
    private final ServiceIdentity source;
    private final String destination;
    private final TokenIdentity token;
    private final CompletableFuture<Optional<MethodTypes>> methodTypes;
    private final BodyInspection requestBody;
    private final BodyInspection responseBody;
    private ExchangeEvent.Builder blockEvent;

    InspectedExchange(String id, RequestHead request, PolicyRuntime policy, GrpcSchemas schemas,
                      BodyReporter reporter, long maxHeldBodyBytes) {
        this.id = id;
        this.request = request;
        this.policy = policy;
        this.schemas = schemas;
        this.reporter = reporter;
        this.maxHeldBodyBytes = maxHeldBodyBytes;
        PolicyRuntime.Identities ids = policy.identities();
        this.rules = ids.policy();
        HeaderLookup headers = request.headers()::get;
        this.source = ids.source().resolve(headers, null, peerAddress(request.peer()));
        this.destination = ids.destination().name();
        this.token = ids.token().extract(headers);
        this.methodTypes = request.grpc() ? schemas.resolve(request.path()) : null;
        this.requestBody = new BodyInspection(this, Direction.REQUEST, rules.plan(routeKey(Direction.REQUEST)));
        this.responseBody = new BodyInspection(this, Direction.RESPONSE, rules.plan(routeKey(Direction.RESPONSE)));
    }

    private static String peerAddress(InetSocketAddress peer) {
        return peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
    }

    @Override
    public MessageFilter request() {
        return requestBody;
    }

    @Override
    public MessageFilter response() {
        return responseBody;
    }

    @Override
    public void onComplete(ExchangeOutcome outcome) {
        requestBody.release();
        responseBody.release();
        if (blockEvent != null) {
            // Only the proxy knows whether the block still fit before the response head.
            reporter.submit(blockEvent.delivery(outcome == ExchangeOutcome.RESET_AFTER_BLOCK ? Delivery.RESET
                    : Delivery.BLOCKED));
            blockEvent = null;
        }
    }

    /**
     * At the request head, in enforce mode: a block when the token is cooling down from a budget in
     * either direction, so that the upstream is not called at all; else null.
     */
    HeadDecision refuseEarly() {
        if (rules.mode() != Mode.ENFORCE) {
            return null;
        }
        String budget = policy.engine().coolingDown(token, Direction.REQUEST);
        if (budget == null) {
            budget = policy.engine().coolingDown(token, Direction.RESPONSE);
        }
        if (budget == null) {
            return null;
        }
        return refuseAtHead(Direction.REQUEST, requestBody.plan(), "budget:" + budget);
    }

    /** A block naming this exchange; the reason is the proxy's, and falls back to a plain word if unfit. */
    Block block(String reason) {
        try {
            return new Block(reason, id);
        } catch (IllegalArgumentException e) {
            return new Block("policy", id);
        }
    }

    /** A block at the head, before any body byte: a budget's cool-down, a body over the hold limit on a fail-closed route. */
    HeadDecision refuseAtHead(Direction direction, BodyPlan plan, String reason) {
        reporter.reportRefusal(this, direction, plan, reason);
        return HeadDecision.block(block(reason));
    }

    Inspector inspector() {
        return policy.inspector();
    }

    long maxHeldBodyBytes() {
        return maxHeldBodyBytes;
    }

    /** True while the gRPC method's types are still being looked up (a body session should wait). */
    boolean schemaPending() {
        return methodTypes != null && !methodTypes.isDone();
    }

    /**
     * How to read this exchange's protobuf messages in {@code direction}: the method's input or
     * output type when known by now, else null (the inspector walks gRPC bodies schema-less).
     */
    ProtobufSpec protobuf(Direction direction, String grpcEncoding) {
        if (methodTypes == null || !methodTypes.isDone()) {
            return null;
        }
        Optional<MethodTypes> types = methodTypes.getNow(Optional.empty());
        if (types.isEmpty()) {
            return null;
        }
        ProtobufSpec spec = ProtobufSpec.of(types.get().messageType(direction == Direction.REQUEST), schemas.lookup());
        return grpcEncoding == null ? spec : spec.withGrpcEncoding(grpcEncoding);
    }

    /** Each finding's value rewritten as the policy decides it the moment it is found. */
    RedactionPlan streamingRedactions(Direction direction) {
        return PolicyPlans.streaming(rules, routeKey(direction), source.name(), destination);
    }

    /** The policy's decision on one inspected body, with the fail rule applied to an unfinished inspection. */
    Conclusion conclude(Direction direction, InspectionResult result) {
        List<PolicyFinding> findings = new ArrayList<>(result.findings().size());
        for (Finding f : result.findings()) {
            findings.add(PolicyPlans.policyFinding(f));
        }
        Decision decision = policy.engine().decide(new DecisionRequest(routeKey(direction), source.name(), destination,
                token, findings));
        return Conclusion.of(decision, result.outcome());
    }

    /**
     * Reports a concluded body with what became of it; {@code delivery} null means the body is
     * blocked, and its event waits for the exchange's outcome.
     */
    void report(Direction direction, int status, InspectionResult result, Conclusion c, long inspectionNanos,
                Delivery delivery) {
        ExchangeEvent.Builder e = reporter.report(this, direction, status, result, c, inspectionNanos, delivery);
        if (e != null && delivery == null) {
            blockEvent = e;
        }
    }

    private RouteKey routeKey(Direction direction) {
        return request.grpc() ? RouteKey.grpc(request.authority(), request.path(), null, null, direction)
                : RouteKey.http(request.authority(), request.path(), request.method(), direction);
    }

    String id() {
        return id;
    }

    RequestHead requestHead() {
        return request;
    }

    /** The source service's name, for events and the policy (a peer address when nothing better is known). */
    String source() {
        return source.name();
    }

    /** The source service's name for metric labels: never a peer address, which is not a bounded set. */
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
        return "InspectedExchange[" + id + "]";
    }
}
