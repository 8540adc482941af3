package dev.sluice.standalone.serve;

import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.identity.HeaderLookup;
import dev.sluice.policy.identity.ServiceIdentity;
import dev.sluice.policy.identity.TokenIdentity;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.RequestHead;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One exchange through {@code sluice serve}: who it is between (source and destination service,
 * token identity — taken once, from the request head), the gRPC method's message types (looked
 * up when the request head arrives, so the response usually finds them ready), and the two
 * {@link BodyInspection}s. At the end of each body it asks the policy for a decision and has it
 * reported. All calls come from the exchange's I/O thread.
 */
final class InspectedExchange implements ExchangeFilter {
    private final String id;
    private final RequestHead request;
    private final PolicyRuntime policy;
    private final GrpcSchemas schemas;
    private final BodyReporter reporter;
    private final ServiceIdentity source;
    private final String destination;
    private final TokenIdentity token;
    private final CompletableFuture<Optional<MethodTypes>> methodTypes;
    private final BodyInspection requestBody;
    private final BodyInspection responseBody;

    InspectedExchange(String id, RequestHead request, PolicyRuntime policy, GrpcSchemas schemas,
                      BodyReporter reporter) {
        this.id = id;
        this.request = request;
        this.policy = policy;
        this.schemas = schemas;
        this.reporter = reporter;
        PolicyRuntime.Identities ids = policy.identities();
        HeaderLookup headers = request.headers()::get;
        this.source = ids.source().resolve(headers, null, peerAddress(request.peer()));
        this.destination = ids.destination().name();
        this.token = ids.token().extract(headers);
        this.methodTypes = request.grpc() ? schemas.resolve(request.path()) : null;
        this.requestBody = new BodyInspection(this, Direction.REQUEST);
        this.responseBody = new BodyInspection(this, Direction.RESPONSE);
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
    }

    Inspector inspector() {
        return policy.inspector();
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

    /** The policy's decision on one inspected body, handed to the reporter; returns it for the caller to carry out. */
    Decision decide(Direction direction, int status, InspectionResult result, long inspectionNanos) {
        List<PolicyFinding> findings = new ArrayList<>(result.findings().size());
        for (Finding f : result.findings()) {
            findings.add(new PolicyFinding(f.id(), f.category(), f.path() == null || f.path().isEmpty() ? null
                    : f.path(), f.valueHash()));
        }
        Decision decision = policy.engine().decide(new DecisionRequest(routeKey(direction), source.name(), destination,
                token, findings));
        reporter.report(this, direction, status, result, decision, inspectionNanos);
        return decision;
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
