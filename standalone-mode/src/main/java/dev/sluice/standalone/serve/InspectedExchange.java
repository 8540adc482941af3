package dev.sluice.standalone.serve;

import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadFields;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.inspector.head.TargetRedactor;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BlockAnswer;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Mode;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.events.ExchangeEvent;
import dev.sluice.standalone.exchange.BodyReporter;
import dev.sluice.standalone.exchange.Conclusion;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.exchange.MessageHeads;
import dev.sluice.standalone.exchange.StreamingActions;
import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.ExchangeFilter;
import dev.sluice.standalone.proxy.spi.ExchangeOutcome;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.RequestHead;
import dev.sluice.standalone.proxy.spi.ResponseHead;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One exchange through {@code sluice serve}: who it is between ({@link ExchangeIdentity}, taken
 * once from the request head, with the policy in force then and each direction's
 * {@link BodyPlan}), the gRPC method's message types (looked up when the request head arrives, so
 * the response usually finds them ready), and the two {@link BodyInspection}s. At the end of each
 * body it asks the policy for a decision and has it reported; the event of a body that is blocked
 * waits for {@link #onComplete}, which says whether the client got a clean refusal or a reset. All
 * calls come from the exchange's I/O thread.
 */
final class InspectedExchange implements ExchangeFilter {
    private final ExchangeIdentity identity;
    private final PolicyRuntime policy;
    private final GrpcSchemas schemas;
    private final BodyReporter reporter;
    private final long maxHeldBodyBytes;
    private final CompletableFuture<Optional<MethodTypes>> methodTypes;
    /** The call is grpc-web: its answer streams only when its schema says so, its request never. */
    private final boolean grpcWeb;
    private final BodyInspection requestBody;
    private final BodyInspection responseBody;
    /** After a WebSocket upgrade: the message in each direction ([0] from the client), and how many there were. */
    private final BodyInspection[] webSocketMessage = new BodyInspection[2];
    /** Each direction's messages as one stream, whose text is joined across messages; made at the first message. */
    private final MessageSequence[] webSocketSequence = new MessageSequence[2];
    private int webSocketMessages;
    private ExchangeEvent.Builder blockEvent;
    /**
     * What each head held that was not blocked at once ([0] the request's): reported with its
     * body, or alone when no body of it is concluded.
     */
    private final InspectionResult[] headResult = new InspectionResult[2];
    /** The request's target or fields were rewritten by the policy's redactions before it went upstream. */
    private boolean requestHeadRedacted;
    /** Fields of the response head were rewritten by the policy's redactions. */
    private boolean responseHeadRedacted;

    InspectedExchange(String id, RequestHead request, PolicyRuntime policy, GrpcSchemas schemas,
                      BodyReporter reporter, long maxHeldBodyBytes) {
        this.policy = policy;
        this.schemas = schemas;
        this.reporter = reporter;
        this.maxHeldBodyBytes = maxHeldBodyBytes;
        this.identity = ExchangeIdentity.builder(id, policy.identities())
                .request(request.method(), request.path(), request.authority()).grpc(request.grpc())
                .headers(request.headers()::get).peer(request.peerUriSan(), peerAddress(request.peer())).build();
        // grpc-web (a browser's gRPC over HTTP/1.1) names its method by its path as gRPC does.
        this.grpcWeb = !request.grpc() && MediaKind.grpcWeb(request.headers().get("content-type"));
        this.methodTypes = request.grpc() || grpcWeb ? schemas.resolve(request.path()) : null;
        this.requestBody = new BodyInspection(this, identity, Direction.REQUEST, identity.plan(Direction.REQUEST));
        this.responseBody = new BodyInspection(this, identity, Direction.RESPONSE,
                identity.plan(Direction.RESPONSE));
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

    /** A feed, and any grpc-web answer: gRPC's own over HTTP/1.1, bounded by its client's deadline. */
    @Override
    public boolean mayFallQuiet(ResponseHead response) {
        return grpcWeb || SharedRuntime.feed(identity, response.headers().get("content-type"));
    }

    /**
     * A WebSocket message, inspected as a body of its direction's route (client to upstream as
     * the request, the other way as the response) and reported under its own id,
     * {@code <exchange id>.ws<n>}, numbered in the order messages began. Text a realtime API
     * streams a few bytes per message is joined across the messages of its direction.
     */
    @Override
    public MessageFilter webSocketMessage(boolean fromClient) {
        Direction direction = fromClient ? Direction.REQUEST : Direction.RESPONSE;
        int side = fromClient ? 0 : 1;
        if (webSocketMessage[side] != null) {
            webSocketMessage[side].release();
        }
        webSocketMessages++;
        if (webSocketSequence[side] == null) {
            webSocketSequence[side] = new MessageSequence();
        }
        BodyInspection message = new BodyInspection(this, identity.withId(identity.id() + ".ws" + webSocketMessages),
                direction, identity.plan(direction), webSocketSequence[side]);
        webSocketMessage[side] = message;
        return message;
    }

    @Override
    public void onComplete(ExchangeOutcome outcome) {
        requestBody.release();
        responseBody.release();
        for (BodyInspection message : webSocketMessage) {
            if (message != null) {
                message.release();
            }
        }
        if (blockEvent != null) {
            // Only the proxy knows whether the block still fit before the response head.
            reporter.submit(blockEvent.delivery(outcome == ExchangeOutcome.RESET_AFTER_BLOCK ? Delivery.RESET
                    : Delivery.BLOCKED));
            blockEvent = null;
        }
    }

    /** A message of this exchange passes unread ({@link BodyPlan#inspects} false): counted when sampled out. */
    void passedUnread(Direction direction, BodyPlan plan) {
        reporter.passedUnread(direction, plan);
    }

    /**
     * At the request head, in enforce mode: a block when the token is cooling down from a budget in
     * either direction, so that the upstream is not called at all; else null.
     */
    HeadDecision refuseEarly() {
        if (requestBody.plan().mode() != Mode.ENFORCE) {
            return null;
        }
        String budget = policy.engine().coolingDown(identity.token(), Direction.REQUEST);
        if (budget == null) {
            budget = policy.engine().coolingDown(identity.token(), Direction.RESPONSE);
        }
        if (budget == null) {
            return null;
        }
        return refuseAtHead(identity, Direction.REQUEST, requestBody.plan(), "budget:" + budget);
    }

    /**
     * At the request head: inspects its target, cookies and header values. Findings the policy
     * blocks refuse the request before the upstream is called (reported now); values it redacts
     * are rewritten in the target the upstream is sent and in {@code head}'s fields; the findings
     * wait to be reported with the request body ({@link #withHead}). Null when nothing is refused.
     */
    HeadDecision inspectHead(RequestHead head) {
        long start = System.nanoTime();
        HeadBytes bytes = HeadBytes.request(head.method(), head.path());
        head.headers().forEach(bytes::header);
        InspectionResult result = policy.inspector().inspectRequestHead(bytes);
        // Detect mode's decision redacts nothing.
        return decideHead(Direction.REQUEST, 0, result, start, c -> {
            String target = TargetRedactor.rewrite(bytes, c.decision(), result.findings());
            if (target != null) {
                head.rewritePath(target);
            }
            boolean fields = HeaderRewrites.set(head.headers(), HeadRedactor.rewrite(bytes, c.decision(),
                    result.findings()));
            requestHeadRedacted = target != null || fields;
        });
    }

    /**
     * At the response head: inspects its header values. Findings the policy blocks refuse the
     * response (reported now; the client gets the refusal instead); values it redacts are
     * rewritten in {@code head}'s fields before they leave; the findings wait to be reported with
     * the response body ({@link #withHead}), or alone ({@link #reportHeadAlone}). Null when
     * nothing is refused.
     */
    HeadDecision inspectHead(ResponseHead head) {
        long start = System.nanoTime();
        responseHeadRedacted = false; // a partial response's head, replaced by the whole one's
        headResult[1] = null;
        if (!anyInspected(head.headers())) {
            return null; // framing and fixed-grammar fields only, as most responses: nothing to read
        }
        HeadBytes bytes = HeaderRewrites.responseHead(head.status(), head.headers());
        InspectionResult result = policy.inspector().inspectResponseHead(bytes);
        // Detect mode's decision redacts nothing.
        return decideHead(Direction.RESPONSE, head.status(), result, start, c -> responseHeadRedacted =
                HeaderRewrites.set(head.headers(), HeadRedactor.rewrite(bytes, c.decision(), result.findings())));
    }

    private static boolean anyInspected(HeaderMap headers) {
        boolean[] any = {false};
        headers.forEach((name, value) -> any[0] |= !any[0] && HeadFields.inspectedInResponse(name));
        return any[0];
    }

    /**
     * Decides a head's findings: a block is reported now and refuses the message; otherwise
     * {@code passing} carries the conclusion out on the head and the findings wait for the body.
     */
    private HeadDecision decideHead(Direction direction, int status, InspectionResult result, long start,
                                    Consumer<Conclusion> passing) {
        if (!MessageHeads.holdsAnything(result)) {
            return null;
        }
        Conclusion c = conclude(direction, result);
        if (!c.blocks()) {
            headResult[direction == Direction.REQUEST ? 0 : 1] = result;
            passing.accept(c);
            return null;
        }
        return blockAtHead(identity, direction, status, result, c, System.nanoTime() - start);
    }

    /** Reports {@code result} with its blocking conclusion, now, and refuses the message at its head. */
    private HeadDecision blockAtHead(ExchangeIdentity who, Direction direction, int status, InspectionResult result,
                                     Conclusion c, long nanos) {
        ExchangeEvent.Builder e = reporter.body(who, direction, status, result, c, nanos,
                c.carriedOut(Delivery.BLOCKED), null);
        if (e != null) {
            reporter.submit(e.delivery(Delivery.BLOCKED));
        }
        return HeadDecision.block(block(who, c.blockReason(), c.decision().route()));
    }

    /** The index into {@link #headResult} of {@code body}'s head; -1 for a WebSocket message. */
    private int side(BodyInspection body) {
        return body == requestBody ? 0 : body == responseBody ? 1 : -1;
    }

    /** Whether {@code body}'s head findings still wait to be reported. */
    boolean headPending(BodyInspection body) {
        int side = side(body);
        return side >= 0 && headResult[side] != null;
    }

    /** Whether the policy rewrote fields of {@code body}'s head. */
    boolean headRedacted(BodyInspection body) {
        return body == responseBody ? responseHeadRedacted : body == requestBody && requestHeadRedacted;
    }

    /**
     * {@code result} of {@code body} (null: it had none) with what its head held appended, once:
     * the body's findings come first, so the decision's redactions keep their indexes into them.
     */
    InspectionResult withHead(BodyInspection body, InspectionResult result) {
        int side = side(body);
        if (side < 0 || headResult[side] == null) {
            return result;
        }
        InspectionResult head = headResult[side];
        headResult[side] = null;
        return MessageHeads.merge(result, head);
    }

    /**
     * Reports what {@code body}'s head held, alone, when its body will not be concluded: it
     * passes uninspected, as its label says.
     */
    void reportHeadAlone(BodyInspection body, ExchangeIdentity who, Direction direction, int status) {
        InspectionResult head = withHead(body, null);
        if (head == null) {
            return;
        }
        Conclusion c = conclude(direction, head);
        Delivery delivery = headRedacted(body) ? Delivery.REDACTED : Delivery.FORWARDED;
        ExchangeEvent.Builder e = reporter.body(who, direction, status, head, c, 0, c.carriedOut(delivery), null);
        reporter.submit(e == null ? null : e.delivery(delivery));
    }

    /**
     * A block naming {@code who} (this exchange, or one of its WebSocket messages), answered as
     * {@code route} configures; the reason falls back to a plain word if unfit.
     */
    Block block(ExchangeIdentity who, String reason, String route) {
        BlockAnswer configured = identity.policy().blockAnswer(route);
        Block.Answer answer = configured == null ? null
                : new Block.Answer(configured.status(), configured.contentType(), configured.bodyFor(who.id()),
                        configured.headersFor(who.id()));
        try {
            return new Block(reason, who.id(), answer);
        } catch (IllegalArgumentException e) {
            return new Block("policy", who.id(), answer);
        }
    }

    /**
     * {@code body} refused at its head, before any of its bytes: it declares more than the hold
     * limit on a fail-closed route. What its head held is reported with the refusal.
     */
    HeadDecision refuseAtHead(BodyInspection body, ExchangeIdentity who, int status, String reason) {
        InspectionResult head = withHead(body, null);
        if (head == null) {
            return refuseAtHead(who, body.direction(), body.plan(), reason);
        }
        Conclusion c = new Conclusion(conclude(body.direction(), head).decision(), reason);
        return blockAtHead(who, body.direction(), status, head, c, 0);
    }

    /** A block at the head, before any body byte and with nothing found there: a budget's cool-down, a body over the hold limit. */
    HeadDecision refuseAtHead(ExchangeIdentity who, Direction direction, BodyPlan plan, String reason) {
        reporter.stopped(who, direction, plan.mode(), plan.route(), ExchangeAction.BLOCK, reason, Delivery.BLOCKED);
        return HeadDecision.block(block(who, reason, plan.route()));
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
     * Whether the gRPC method sends a stream in {@code direction}: as its schema says, and without
     * one, yes. Held for a verdict at the end of either side, a bidirectional call would wait for
     * ever; streamed, a request still keeps an attack from the service (the rewriting holds the
     * value back, so the message carrying it is never completed) and a refused answer still ends
     * in {@code PERMISSION_DENIED} (in its trailers). A schema keeps a unary call's messages held
     * whole, so that a refused request never starts the call. A grpc-web call (a browser's) sends
     * one request and answers a stream only when its schema says so: held, a server stream would
     * reach the browser only at its end, and an unknown method's answer stays held for a clean
     * refusal, which grpc-web's clients read from the answer's head.
     */
    boolean grpcStreams(Direction direction) {
        if (methodTypes == null) {
            return false;
        }
        Optional<MethodTypes> known = methodTypes.getNow(Optional.empty());
        return grpcWeb ? direction == Direction.RESPONSE && SharedRuntime.grpcStreams(known, direction, false)
                : SharedRuntime.grpcStreams(known, direction, true);
    }

    /**
     * How to read this exchange's protobuf messages in {@code direction}: the method's input or
     * output type when known by now, else null (the inspector walks gRPC bodies schema-less).
     */
    ProtobufSpec protobuf(Direction direction, String grpcEncoding) {
        if (methodTypes == null || !methodTypes.isDone()) {
            return null;
        }
        return schemas.protobuf(methodTypes.getNow(Optional.empty()), direction, grpcEncoding);
    }

    /**
     * Each finding's value rewritten as the policy decides it the moment it is found, and the first
     * finding a block rule takes noted, for a body that may be blocked while it streams.
     */
    StreamingActions streamingActions(Direction direction) {
        return new StreamingActions(identity.policy(), identity.routeKey(direction), identity.source(),
                identity.destination());
    }

    /** The policy's decision on one inspected body, with the fail rule applied to an unfinished inspection. */
    Conclusion conclude(Direction direction, InspectionResult result) {
        return Conclusion.decide(policy.engine(), identity, direction, result);
    }

    /**
     * Reports a concluded body with what became of it; {@code delivery} null means the body is
     * blocked, and its event waits for the exchange's outcome.
     */
    void report(ExchangeIdentity who, Direction direction, int status, InspectionResult result, Conclusion c,
                long inspectionNanos, Delivery delivery) {
        ExchangeEvent.Builder e = reporter.body(who, direction, status, result, c, inspectionNanos,
                c.carriedOut(delivery), null);
        if (e == null) {
            return;
        }
        if (delivery == null) {
            blockEvent = e;
        } else {
            reporter.submit(e.delivery(delivery));
        }
    }

    @Override
    public String toString() {
        return "InspectedExchange[" + identity.id() + "]";
    }
}
