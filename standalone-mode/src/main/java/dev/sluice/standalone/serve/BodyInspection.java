package dev.sluice.standalone.serve;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.FailureKind;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.exchange.Conclusion;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.exchange.InspectedTrailers;
import dev.sluice.standalone.exchange.MessageHeads;
import dev.sluice.standalone.exchange.StreamingActions;
import dev.sluice.standalone.proxy.spi.BodySink;
import dev.sluice.standalone.proxy.spi.BodyVerdict;
import dev.sluice.standalone.proxy.spi.ChunkResult;
import dev.sluice.standalone.proxy.spi.FailMode;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import dev.sluice.standalone.proxy.spi.MessageFilter;
import dev.sluice.standalone.proxy.spi.MessageHead;
import dev.sluice.standalone.proxy.spi.RequestHead;
import dev.sluice.standalone.proxy.spi.ResponseHead;
import dev.sluice.standalone.proxy.spi.WebSocketMessageHead;
import java.nio.ByteBuffer;

/**
 * Inspects one body of an exchange and carries the policy's decision out, carrying the body the
 * way its route's {@link BodyPlan} needs, chosen at the head:
 *
 * <ul>
 *   <li>{@link Carriage#INSPECT} — nothing the route does can change the body: every chunk is
 *       forwarded as it came ({@link ChunkResult#FORWARD}, the proxy's own buffer, no copy) and
 *       inspected on the side. A block at the end (a budget) resets the stream.</li>
 *   <li>{@link Carriage#REWRITE} — the route may redact but not block: the body streams through a
 *       rewriting session ({@code streamResizable}, chunks {@link ChunkResult#CONSUMED}) whose
 *       masks are decided per finding as it is found.</li>
 *   <li>{@link Carriage#HOLD} — the route may block (or redact only past a count): the body is
 *       held, up to the hold limit, until its verdict; then refused (403, gRPC
 *       {@code PERMISSION_DENIED}), rewritten in a second pass with the decision's redactions, or
 *       forwarded as held. Over the hold limit the route's fail rule decides: closed blocks, open
 *       releases what is held and streams the rest (a block at the end then resets).</li>
 * </ul>
 *
 * The session opens at the first body byte, so bodiless messages cost nothing; a gRPC body whose
 * method types are still being looked up waits for them in {@link PendingBytes} (up to
 * {@value #PENDING_LIMIT} bytes, then it is read schema-less). A session that decodes a
 * Content-Encoding writes the decoded body, so the head then loses its {@code Content-Encoding};
 * should decoding stop before the body's end (a decompression limit, corrupt data) the stream is
 * reset rather than ended, since the client would otherwise take a cut-short body for the whole.
 */
final class BodyInspection implements MessageFilter {
    static final int PENDING_LIMIT = 256 * 1024;
    static final int SCRATCH_BYTES = 16 * 1024;
    /** Read-only chunks have no array to feed from: one copy buffer per I/O thread, reused for every chunk. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    /** How the body travels; see the class comment. */
    enum Carriage { INSPECT, REWRITE, HOLD }

    private final InspectedExchange exchange;
    /** Whose body this is: the exchange, or one of its WebSocket messages (reported under its own id). */
    private final ExchangeIdentity who;
    private final Direction direction;
    private final BodyPlan plan;
    private Carriage carriage;
    private String contentType;
    /**
     * A WebSocket text message: its type is read off its first bytes (JSON when it opens with
     * {@code {} or {@code [}, so that its values get field context and redaction keeps it valid).
     */
    private boolean sniffText;
    /** A request labelled as a never-inspected type whose first chunk has not been seen yet. */
    private boolean checkLabel;
    /** Its first bytes are what its label says: the body passes uninspected (the proxy stops calling). */
    private boolean labelHolds;
    /** Over the hold limit on a fail-closed route: refused at its first chunk unless its label holds. */
    private boolean refuseIfMislabelled;
    /** A response labelled as a never-inspected type whose head left before its bytes were seen. */
    private boolean headLeftOnLabel;
    private String contentEncoding;
    private String grpcEncoding;
    private int status;
    /**
     * A WebSocket message: the messages its direction sent before, whose streamed text it
     * continues (see {@link MessageSequence}); null for an HTTP body.
     */
    private final MessageSequence sequence;
    private BodySpec spec;
    private InspectionSession session;
    /** The rewriting session's per-finding decisions ({@link Carriage#REWRITE}), else null. */
    private StreamingActions actions;
    private PendingBytes pending;
    /** HOLD: the body as it came, and how much of it the session has been fed. */
    private PendingBytes held;
    private int heldFed;
    /** The output is the decoded body: {@code Content-Encoding} was dropped from the head. */
    private boolean decodedOutput;
    /** A decoded output lacks part of the body: a decoding stage stopped before its end. */
    private boolean outputCutShort;
    /** Where a rewriting session writes, valid during the proxy's call only. */
    private BodySink out;
    private long nanos;

    BodyInspection(InspectedExchange exchange, ExchangeIdentity who, Direction direction, BodyPlan plan) {
        this(exchange, who, direction, plan, null);
    }

    BodyInspection(InspectedExchange exchange, ExchangeIdentity who, Direction direction, BodyPlan plan,
                   MessageSequence sequence) {
        this.exchange = exchange;
        this.who = who;
        this.direction = direction;
        this.plan = plan;
        this.sequence = sequence;
    }

    Direction direction() {
        return direction;
    }

    BodyPlan plan() {
        return plan;
    }

    @Override
    public HeadDecision onHead(MessageHead head) {
        if (!plan.inspects()) {
            // The route ignores every finding in this direction and fails open (BodyPlan.inspects):
            // head and body go on as they came, as an image's do, at no inspection cost. A token
            // cooling down from a budget is still refused. So do those its route's sample leaves out.
            exchange.passedUnread(direction, plan);
            HeadDecision refusal = head instanceof RequestHead ? exchange.refuseEarly() : null;
            return refusal != null ? refusal : HeadDecision.pass();
        }
        if (head instanceof RequestHead request) {
            HeadDecision refusal = exchange.refuseEarly();
            if (refusal == null) {
                refusal = exchange.inspectHead(request);
            }
            if (refusal != null) {
                return refusal;
            }
        } else if (head instanceof ResponseHead response) {
            HeadDecision refusal = exchange.inspectHead(response);
            if (refusal != null) {
                return refusal;
            }
        }
        // A response head may come twice: the proxy replaces a partial response it was told about
        // by the whole representation (ExchangeFilter). Nothing of the first one may stay.
        decodedOutput = false;
        refuseIfMislabelled = false;
        headLeftOnLabel = false;
        HeaderMap h = head.headers();
        contentType = h.get("content-type");
        if (head instanceof WebSocketMessageHead message) {
            status = 101;
            sniffText = message.text();
        }
        boolean responseLabel = head instanceof ResponseHead && SharedRuntime.responseLabelToCheck(contentType);
        if (!responseLabel && SharedRuntime.uninspected(direction, contentType)) {
            exchange.reportHeadAlone(this, who, direction, status(head));
            return HeadDecision.pass();
        }
        // A body labelled as a never-inspected type: carried like any inspected body until its
        // first chunk shows whether it is what the label says (onChunk).
        checkLabel = responseLabel || SharedRuntime.labelToCheck(direction, contentType);
        contentEncoding = h.get("content-encoding");
        grpcEncoding = h.get("grpc-encoding");
        if (head instanceof ResponseHead response) {
            status = response.status();
        }
        if (responseLabel) {
            // The head goes on as received, framing kept, and a real image from its first chunk on
            // (PASS_REST): a player's Content-Length stays. A body that is not what its label says
            // is inspected as it streams, never held (a video is no verdict's wait); it cannot be
            // rewritten behind the head that left, so where the policy redacts it is cut (onEnd).
            headLeftOnLabel = true;
            carriage = Carriage.INSPECT;
            return HeadDecision.streamCheckingLabel();
        }
        long limit = heldLimit();
        long declared = SharedRuntime.declaredLength(h.get("content-length"));
        carriage = plan.passesUnchanged() ? Carriage.INSPECT
                : plan.holdsForVerdict() && !openEnded(head, contentType, declared, limit) ? Carriage.HOLD
                : Carriage.REWRITE;
        if (carriage == Carriage.HOLD && declared > limit) {
            if (plan.failRule().failsClosed(FailureKind.LIMIT)) {
                if (!checkLabel) {
                    return exchange.refuseAtHead(this, who, status, Conclusion.failReason(FailureKind.LIMIT));
                }
                // A labelled upload is most likely what it says: not refused on its size before its
                // first bytes are seen (its head goes on, as an upload that size streams), but
                // refused then, before any of its body goes on, if it is not.
                refuseIfMislabelled = true;
            }
            carriage = plan.mayRedact() ? Carriage.REWRITE : Carriage.INSPECT;
        }
        if ((carriage == Carriage.REWRITE || carriage == Carriage.HOLD && plan.mayRedact()) && outputsDecoded()) {
            decodedOutput = true;
            h.remove("content-encoding");
        }
        return switch (carriage) {
            case INSPECT -> HeadDecision.stream();
            case REWRITE -> HeadDecision.streamResizable();
            // Over the limit the filter itself applies the fail rule (see overHoldLimit); the proxy's
            // own limit is only reached by a release, which is a fail-open one.
            case HOLD -> HeadDecision.hold(limit, FailMode.OPEN);
        };
    }

    /**
     * A body with no end in sight ({@link SharedRuntime#openEnded}): held for a verdict at its end,
     * its messages would wait until the stream closed (or the hold limit was passed), so it
     * streams, through a rewriting inspection where the route redacts; a block decided on it
     * resets the stream. A WebSocket message is a whole message, never one.
     */
    private boolean openEnded(MessageHead head, String contentType, long declaredLength, long heldLimit) {
        return !(head instanceof WebSocketMessageHead)
                && SharedRuntime.openEnded(who, direction, contentType, exchange.grpcStreams(direction),
                        declaredLength, heldLimit);
    }

    /** The most of this body held for its verdict: the route's own bound, never above the process's. */
    private long heldLimit() {
        return plan.limits().maxHeldBodyBytes(exchange.maxHeldBodyBytes());
    }

    private static int status(MessageHead head) {
        return head instanceof ResponseHead response ? response.status() : 0;
    }

    /** Whether a rewriting session for this body writes it decoded (it has a Content-Encoding the inspector undoes). */
    private boolean outputsDecoded() {
        return Inspector.decodesOnRewrite(contentEncoding);
    }

    @Override
    public ChunkResult onChunk(ByteBuffer chunk, BodySink sink) {
        if (!chunk.hasRemaining()) {
            return ChunkResult.FORWARD;
        }
        if (sniffText) {
            sniffText = false;
            contentType = MediaSignatures.sniff(chunk);
        }
        if (checkLabel) {
            checkLabel = false;
            // Never when the head already went out decoded: the body must then pass through a session.
            String as = SharedRuntime.inspectAs(direction, contentType, chunk);
            labelHolds = as == null && !decodedOutput;
            contentType = as == null ? contentType : as;
            if (!labelHolds && refuseIfMislabelled) {
                return refuseOverLimit();
            }
        }
        if (labelHolds) {
            // What its label says: the rest goes on as received, as a response of its type does;
            // no verdict on it comes, so its head's findings are reported now.
            exchange.reportHeadAlone(this, who, direction, status);
            return ChunkResult.PASS_REST;
        }
        long start = System.nanoTime();
        out = sink;
        try {
            return switch (carriage) {
                case INSPECT -> {
                    inspect(chunk);
                    yield ChunkResult.FORWARD;
                }
                case REWRITE -> {
                    inspect(chunk);
                    yield actions != null && actions.blockReason() != null ? blockWhileStreaming()
                            : ChunkResult.CONSUMED;
                }
                case HOLD -> hold(chunk);
            };
        } finally {
            out = null;
            nanos += System.nanoTime() - start;
        }
    }

    private ChunkResult hold(ByteBuffer chunk) {
        if (held == null) {
            held = new PendingBytes((int) Math.min(Integer.MAX_VALUE - 16, heldLimit()),
                    exchange.inspector().heldMemory());
        }
        if (!held.add(chunk)) {
            return overHoldLimit(chunk);
        }
        if (session == null && exchange.schemaPending()) {
            return ChunkResult.CONSUMED; // fed from what is held once the schema is known, or at the end
        }
        catchUp();
        return ChunkResult.CONSUMED;
    }

    /** The body passes the hold limit on a fail-closed route: reported and blocked now, nothing more goes on. */
    private ChunkResult refuseOverLimit() {
        InspectionResult result = exchange.withHead(this, finishSession());
        return blockNow(result, new Conclusion(exchange.conclude(direction, result).decision(),
                Conclusion.failReason(FailureKind.LIMIT)));
    }

    /**
     * A block rule took a finding of a body that streams through the rewriting inspection (one
     * with no end in sight, on a route that may block): reported and blocked now, before the rest
     * of the value or of the body goes on (the rewriting holds back a value until it is decided).
     * Its head has left, so the stream is reset.
     */
    private ChunkResult blockWhileStreaming() {
        InspectionResult result = exchange.withHead(this, finishSession());
        Conclusion decided = exchange.conclude(direction, result);
        return blockNow(result, decided.blocks() ? decided : new Conclusion(decided.decision(), actions.blockReason()));
    }

    /** Reports the body's inspection, which ended early in a block, and blocks the exchange. */
    private ChunkResult blockNow(InspectionResult result, Conclusion c) {
        exchange.report(who, direction, status, result, c, nanos, null);
        return ChunkResult.block(exchange.block(who, c.blockReason(), c.decision().route()));
    }

    /** Feeds the session what it has not seen of the held body. */
    private void catchUp() {
        if (session == null) {
            open();
        }
        held.feed(session, heldFed);
        heldFed = held.size();
    }

    /**
     * The held body would pass the hold limit with {@code chunk}, or the process's held memory has
     * no room for it. Fail closed: block now. Fail open: release what is held and this chunk, the
     * proxy told to send the head without a length and stream on, and inspect the rest on the side.
     */
    private ChunkResult overHoldLimit(ByteBuffer chunk) {
        if (plan.failRule().failsClosed(FailureKind.LIMIT)) {
            return refuseOverLimit();
        }
        if (decodedOutput) {
            // The head promises the decoded body: go on through a rewriting session from the start.
            closeSession();
            carriage = Carriage.REWRITE;
            open();
            held.drainTo(session);
            feed(chunk);
            return ChunkResult.CONSUMED_UNHELD;
        }
        catchUp();
        held.drainTo(out);
        held = null;
        carriage = Carriage.INSPECT;
        feed(chunk);
        return ChunkResult.FORWARD_UNHELD;
    }

    private void inspect(ByteBuffer chunk) {
        if (session == null && exchange.schemaPending()) {
            if (pending == null) {
                pending = new PendingBytes(PENDING_LIMIT, exchange.inspector().heldMemory());
            }
            if (pending.add(chunk)) {
                return;
            }
        }
        if (session == null) {
            open();
        }
        feed(chunk);
    }

    @Override
    public BodyVerdict onEnd(BodySink sink, HeaderMap trailers) {
        boolean bodyless = session == null && pending == null && (held == null || held.size() == 0);
        if (bodyless && !exchange.headPending(this) && (trailers == null || trailers.size() == 0)) {
            return BodyVerdict.ALLOW; // no body: nothing inspected, nothing to report
        }
        long start = System.nanoTime();
        out = sink;
        try {
            // A request's head findings are decided and reported with its body, or alone without one.
            InspectionResult body = bodyless ? null : finishSession();
            InspectionResult result = exchange.withHead(this, body);
            HeadBytes trailerFields = HeaderRewrites.fields(direction, status, who.method(), trailers);
            InspectedTrailers inspectedTrailers = trailerFields == null ? null
                    : InspectedTrailers.of(exchange.inspector(), trailerFields, direction);
            if (inspectedTrailers != null) {
                result = inspectedTrailers.after(result);
            }
            Conclusion c = exchange.conclude(direction, result);
            if (headLeftOnLabel) {
                c = c.refusedWhereRedacting();
            }
            if (outputCutShort && !c.blocks()) {
                // The head promised the body decoded, but decoding stopped short (a decompression
                // limit, corrupt data): ending the body cleanly would hand the client a truncated
                // one as if it were whole. Reset instead, whatever the fail rule.
                c = c.refusedAsCutShort(result.outcome());
            }
            if (c.blocks()) {
                nanos += System.nanoTime() - start;
                exchange.report(who, direction, status, result, c, nanos, null);
                return BodyVerdict.block(exchange.block(who, c.blockReason(), c.decision().route()));
            }
            Delivery delivery = carriage == Carriage.HOLD ? releaseHeld(body, c) : carriage == Carriage.REWRITE
                    && MessageHeads.redactsBody(c.decision(), body) ? Delivery.REDACTED : Delivery.FORWARDED;
            boolean trailersRedacted = inspectedTrailers != null
                    && HeaderRewrites.set(trailers, inspectedTrailers.redacted(c.decision(), result));
            if (exchange.headRedacted(this) || trailersRedacted) {
                delivery = Delivery.REDACTED;
            }
            nanos += System.nanoTime() - start;
            exchange.report(who, direction, status, result, c, nanos, delivery);
            return BodyVerdict.ALLOW;
        } finally {
            out = null;
        }
    }

    /**
     * Writes the held body: rewritten in a second pass when the decision redacts (or the head
     * promised it decoded). {@code body} is the body's own result (null without a body): the
     * decision's redactions past its findings are the request head's, which no rewrite reaches.
     */
    private Delivery releaseHeld(InspectionResult body, Conclusion c) {
        if (held == null || body == null) {
            return Delivery.FORWARDED;
        }
        boolean redacts = MessageHeads.redactsBody(c.decision(), body);
        if (!redacts && !decodedOutput) {
            held.drainTo(out);
            return Delivery.FORWARDED;
        }
        RedactionPlan redactions = PolicyPlans.of(c.decision(), body.findings());
        try (InspectionSession rewrite = exchange.inspector().openRewriting(readAgain(), redactions, out::write)) {
            held.feed(rewrite, 0);
            rewrite.finish();
        }
        held.discard();
        held = null;
        return redacts ? Delivery.REDACTED : Delivery.FORWARDED;
    }

    /** Ends the session (opening it first if the body only ever waited) and returns its result. */
    private InspectionResult finishSession() {
        if (session == null) {
            open();
        }
        if (held != null) {
            catchUp();
        }
        InspectionResult result = session.finish();
        outputCutShort = decodedOutput && !session.outputComplete();
        session = null;
        return result;
    }

    /**
     * The spec of a second reading of the body (a held body rewritten, a session opened anew):
     * a WebSocket message joins to the messages before it as its first reading did, without
     * moving its sequence on again.
     */
    private BodySpec readAgain() {
        return sequence == null ? spec : spec(sequence.lastBodyAgain());
    }

    private BodySpec spec(MessageSequence joins) {
        return BodySpec.builder(direction).contentType(contentType).contentEncoding(contentEncoding)
                .protobuf(exchange.protobuf(direction, grpcEncoding)).sequence(joins)
                .maxInspectedBytes(plan.limits().maxInspectedBytes()).build();
    }

    private void open() {
        spec = spec(spec == null || sequence == null ? sequence : sequence.lastBodyAgain());
        Inspector inspector = exchange.inspector();
        actions = carriage == Carriage.REWRITE ? exchange.streamingActions(direction) : null;
        session = carriage == Carriage.REWRITE ? inspector.openRewriting(spec, actions, this::write)
                : inspector.open(spec);
        if (decodedOutput && carriage == Carriage.REWRITE
                && !InspectionSession.IDENTITY.equals(session.outputEncoding())) {
            // The head already went out without its Content-Encoding, but a decoder failed to load:
            // the proxy's filter-failure path (a 502 or a reset) is the only honest answer left.
            throw new IllegalStateException("content decoder unavailable for a body promised decoded");
        }
        if (pending != null) {
            pending.drainTo(session);
            pending = null;
        }
    }

    /** The rewriting session's output, during a proxy call; dropped when an aborted body's session is closed. */
    private void write(byte[] buf, int off, int len) {
        if (out != null) {
            out.write(buf, off, len);
        }
    }

    private void feed(ByteBuffer chunk) {
        int pos = chunk.position();
        int len = chunk.remaining();
        if (chunk.hasArray()) {
            session.feed(chunk.array(), chunk.arrayOffset() + pos, len);
            return;
        }
        byte[] scratch = SCRATCH.get();
        for (int done = 0; done < len; ) {
            int n = Math.min(scratch.length, len - done);
            chunk.get(pos + done, scratch, 0, n);
            session.feed(scratch, 0, n);
            done += n;
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** The exchange is over: closes a session that never reached its end (an aborted body). */
    void release() {
        closeSession();
        if (pending != null) {
            pending.discard();
            pending = null;
        }
        if (held != null) {
            held.discard();
            held = null;
        }
    }

    @Override
    public String toString() {
        return "BodyInspection[" + exchange + " " + direction.label() + "]";
    }
}
