package dev.sluice.standalone.extproc;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.redact.BodyRewriter;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Verdict;
import dev.sluice.standalone.exchange.Conclusion;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.exchange.InspectedTrailers;
import dev.sluice.standalone.exchange.MessageHeads;
import dev.sluice.standalone.exchange.StreamingActions;
import dev.sluice.standalone.serve.SharedRuntime;
import java.nio.ByteBuffer;

/**
 * One direction of an ext_proc exchange: its headers (content type and encoding, status), its
 * state in Envoy's message order, and the inspection of its body. The inspection opens at the
 * first body byte. A body that streams rewrites as it goes ({@link ReleasedBytes},
 * {@link StreamingActions}) when the route may redact, or may block while the body streams, so a
 * block can come before the rest leaves. A body that comes whole (the buffered modes) is decided
 * whole, minimum counts included: inspected once, then — only when the decision redacts, or the
 * headers were promised a decoded body — rewritten in a second pass with the decision's masks, as
 * {@link dev.sluice.inspector.redact.BodyRewriter} describes. Responses of uninspected media types
 * are skipped; a request labelled so is skipped only when its first bytes carry its label's
 * signature, and is otherwise read as JSON or text ({@link SharedRuntime#inspectAs}).
 *
 * <p>What cannot be released whole ends the body another way. A streamed rewriting output over
 * the release limit: while the output has been a copy of the input ({@link UnsentInput}: nothing
 * replaced, the output not decoded), the rest of the body goes on from its original bytes,
 * unredacted, if the fail rule for limits is open (closed blocks at once); once bytes were
 * replaced, or the output is decoded, the body cannot be continued from its original bytes and is
 * ended ({@code fail:limit}) whatever the fail rule. A decoded output that lacks part of the body (decoding stopped early) is ended
 * likewise ({@code fail:<kind>}). Not thread-safe: the stream calls it under its own lock.
 */
final class BodyFlow {
    enum State {
        /** No headers yet in this direction. */
        AWAITING_HEADERS,
        /** Headers seen; body messages or trailers may come. */
        OPEN,
        /** The body ended (end of stream, trailers, or a single buffered message). */
        ENDED
    }

    private static final int UNSENT_HEADROOM = 64 * 1024;

    private final Direction direction;
    private final SharedRuntime runtime;
    private final long releaseLimit;
    /** The largest body Envoy hands over buffered ({@link ExtProcSettings#heldBodyBytes}). */
    private final long heldBodyBytes;
    private State state = State.AWAITING_HEADERS;
    private ExchangeIdentity exchange;
    private BodyPlan plan;
    private String contentType;
    private String contentEncoding;
    private String grpcEncoding;
    /** The headers' Content-Length as sent, or null. */
    private String contentLength;
    private int status;
    private boolean skipped;
    /** A body with no end in sight ({@link SharedRuntime#openEnded}): a gRPC stream, a feed. */
    private boolean openEnded;
    /** A request labelled as a never-inspected type: its first bytes decide whether it is skipped. */
    private boolean checkLabel;
    private BodySpec spec;
    private InspectionSession session;
    /** The headers lost their Content-Encoding: whatever is released must be the decoded body. */
    private boolean decodedOutput;
    private ReleasedBytes released;
    /** Streaming: the rewriting output was abandoned at the release limit; chunks go on as they came. */
    private boolean passThrough;
    /** Streaming: the input not yet sent on while the output is still a copy of it. */
    private UnsentInput unsent;
    /** A rewriting output passed the release limit (streamed, or a whole body's second pass). */
    private boolean overflowed;
    /** Why the body must be ended whatever the fail rule (it cannot be released whole), or null. */
    private String forcedEnd;
    /** The body went out as the rewriting produced it, to its end. */
    private boolean rewritten;
    private StreamingActions actions;
    private long nanos;
    /** The head's inspection, decided and reported with this body ({@link #withHead}); else null. */
    private InspectionResult head;
    /** The trailers' inspection, decided with the body they end ({@link #withTrailers}); else null. */
    private InspectedTrailers trailers;
    /** The policy rewrote fields of the head or the trailers ({@link #markHeadRedacted}). */
    private boolean headRedacted;
    /** The decision redacted a value of the body itself (not only of the request head). */
    private boolean redactedBody;
    private boolean sawBody;
    private boolean endOfStream;

    BodyFlow(Direction direction, SharedRuntime runtime, long releaseLimit, long heldBodyBytes) {
        this.direction = direction;
        this.runtime = runtime;
        this.releaseLimit = releaseLimit;
        this.heldBodyBytes = heldBodyBytes;
    }

    /** Fields of the response head or trailers were rewritten by the policy's redactions. */
    void markHeadRedacted() {
        headRedacted = true;
    }

    boolean headRedacted() {
        return headRedacted;
    }

    /** The head's findings still waiting for the body (null: none), handed over once. */
    InspectionResult takeHead() {
        InspectionResult h = head;
        head = null;
        return h;
    }

    /** The head's findings, to be decided and reported with the body when it ends. */
    void withHead(InspectionResult headResult) {
        this.head = headResult;
    }

    /** The trailers' findings (null: none), decided and reported with the body they end, after the head's. */
    void withTrailers(InspectedTrailers inspected) {
        this.trailers = inspected;
    }

    /** Whether the decision at the body's end redacted one of its own values. */
    boolean redactedBody() {
        return redactedBody;
    }

    /**
     * The direction's headers arrived; {@code endOfStream}: there is no body; {@code requestsFlow}:
     * these are a response's, and its request's body has not ended.
     */
    void onHeaders(ExchangeIdentity exchange, EnvoyHeaders h, boolean endOfStream, boolean requestsFlow) {
        this.exchange = exchange;
        this.plan = exchange.plan(direction);
        this.contentType = h.first("content-type");
        this.contentEncoding = h.first("content-encoding");
        this.grpcEncoding = h.first("grpc-encoding");
        this.contentLength = h.first("content-length");
        if (direction == Direction.RESPONSE) {
            try {
                status = Integer.parseInt(h.first(":status", "0"));
            } catch (NumberFormatException e) {
                status = 0;
            }
        }
        // A response is skipped on its label (Envoy is told not to send it: ProcessingStream.modeOverride).
        // A request is not: its client chose the label, so its first bytes decide (checkLabel).
        // So is any body of a route that ignores every finding in its direction and fails open.
        this.skipped = !plan.inspects() || SharedRuntime.uninspected(direction, contentType);
        this.checkLabel = !skipped && SharedRuntime.labelToCheck(direction, contentType);
        // A gRPC method without a schema: its requests are taken for a stream (a streamed request's
        // refusal is still clean: Envoy has no answer yet, and a bidirectional call must not wait on
        // them), its answers are not (streamed, they could no longer be refused with a clean
        // PERMISSION_DENIED once their headers left) unless they begin while the requests still
        // flow. Envoy forwards a streamed request's messages only as this server answers them, so a
        // unary or server-streaming call's service has its whole request before it can answer; an
        // answer that starts earlier is a bidirectional call's, which would wait for ever on
        // requests that come only after the answers Envoy held.
        this.openEnded = !skipped && SharedRuntime.openEnded(exchange, direction, contentType, exchange.grpc()
                && runtime.grpcStreams(exchange.path(), direction, direction == Direction.REQUEST || requestsFlow),
                SharedRuntime.declaredLength(contentLength), plan.limits().maxHeldBodyBytes(heldBodyBytes));
        this.state = endOfStream ? State.ENDED : State.OPEN;
        this.endOfStream = endOfStream;
    }

    /**
     * Whether a body in {@code mode} goes through a rewriting inspection: when it may be redacted,
     * or (streaming) blocked part-way. A rewriting inspection of an encoded body releases it
     * decoded, so the encoding header must go when the headers are answered.
     */
    boolean rewrites(BodyMode mode) {
        if (skipped || plan == null) {
            return false;
        }
        return plan.mayRedact() || plan.mayBlock() && !mode.holdsHeaders();
    }

    /**
     * True when a rewriting inspection may change the body's length: the policy may redact it, and
     * a replacement need not be as long as its value (nor a UTF-16 body's rewriting as long as it).
     */
    boolean mayResize(BodyMode mode) {
        return rewrites(mode) && plan.mayRedact();
    }

    /** True when a rewriting inspection will change the body's encoding (it releases decoded bytes). */
    boolean decodesBody(BodyMode mode) {
        // Only a coding the inspector undoes is written decoded; any other is forwarded verbatim.
        return rewrites(mode) && Inspector.decodesOnRewrite(contentEncoding);
    }

    /**
     * Inspects one body message; {@code last}: the body ends with it (always, in a buffered mode:
     * the message is the whole body). Returns what to release in the answer (null: the chunk goes
     * on unchanged) and, at the end, the decision.
     */
    BodyStep onBody(byte[] chunk, boolean last, boolean endOfStream, BodyMode mode) {
        long start = System.nanoTime();
        this.endOfStream |= endOfStream;
        if (checkLabel && (chunk.length > 0 || last)) {
            checkLabel(chunk, mode);
        }
        if (skipped) {
            if (last) {
                state = State.ENDED;
            }
            return BodyStep.unchanged();
        }
        if (session == null) {
            open(mode);
        }
        sawBody |= chunk.length > 0;
        session.feed(chunk, 0, chunk.length);
        BodyStep step;
        if (last) {
            step = finish(chunk, mode.holdsHeaders() ? mode == BodyMode.BUFFERED || endOfStream : null);
        } else {
            byte[] out = release(chunk);
            nanos += System.nanoTime() - start;
            String now = forcedEnd != null ? forcedEnd : actions == null ? null : actions.blockReason();
            step = new BodyStep(out, null, null, now, 0, forcedEnd != null);
        }
        return step;
    }

    /**
     * Reads a labelled request's first bytes: what its label says, it is skipped from here on (its
     * chunks answered unchanged), unless its headers already went out promising a decoded body;
     * otherwise it is inspected as JSON or text, as its first bytes look.
     */
    private void checkLabel(byte[] first, BodyMode mode) {
        checkLabel = false;
        String as = SharedRuntime.inspectAs(direction, contentType, ByteBuffer.wrap(first));
        if (as == null && !decodesBody(mode)) {
            skipped = true;
        } else if (as != null) {
            contentType = as;
        }
    }

    /**
     * What a streamed answer carries in place of {@code chunk} (null: the chunk as it came; a null
     * {@code chunk}: the body ended without a message, what is left of the output).
     */
    private byte[] release(byte[] chunk) {
        if (released == null || passThrough) {
            return null;
        }
        if (released.overflowed()) {
            overflowed = true;
            passThrough = true;
            if (!unsent.verbatim() || decodedOutput || plan.failRule().failsClosed(FailureKind.LIMIT)) {
                // Once output and original bytes no longer line up, the rest cannot follow either.
                forcedEnd = Conclusion.failReason(FailureKind.LIMIT);
                return null;
            }
            return unsent.rest(chunk == null ? new byte[0] : chunk);
        }
        return unsent.answer(chunk, released);
    }

    /** The body ended without a last body message (trailers came, or the stream closed). */
    BodyStep onEnd(boolean endOfStream) {
        this.endOfStream |= endOfStream;
        if (session == null || skipped) {
            state = State.ENDED;
            return BodyStep.unchanged();
        }
        return finish(null, null);
    }

    private void open(BodyMode mode) {
        spec = BodySpec.builder(direction).contentType(contentType).contentEncoding(contentEncoding)
                .protobuf(exchange.grpc() ? runtime.protobuf(exchange.path(), direction, grpcEncoding) : null)
                .maxInspectedBytes(plan.limits().maxInspectedBytes()).build();
        decodedOutput = decodesBody(mode);
        if (rewrites(mode) && !mode.holdsHeaders()) {
            released = new ReleasedBytes(releaseLimit);
            // What the rewriting holds back is bounded by the inspector's held-bytes limit.
            unsent = new UnsentInput(runtime.inspector().limits().maxHeldBytes() + UNSENT_HEADROOM,
                    runtime.inspector().heldMemory());
            actions = new StreamingActions(exchange.policy(), exchange.routeKey(direction), exchange.source(),
                    exchange.destination());
            session = runtime.inspector().openRewriting(spec, actions, released);
        } else {
            session = runtime.inspector().open(spec);
        }
    }

    /**
     * Ends the inspection and decides; {@code chunk}: the last body message, null when the body
     * ended without one; {@code held}: null when the body streamed, else whether the held message
     * is the whole body (false: a {@code BUFFERED_PARTIAL} part, perhaps with more to come).
     */
    private BodyStep finish(byte[] chunk, Boolean held) {
        long start = System.nanoTime();
        InspectionResult body = session.finish();
        // The head's findings come after the body's, so the decision's redactions keep their indexes into
        // these; the trailers' come last.
        InspectionResult result = MessageHeads.merge(body, head);
        if (trailers != null) {
            result = trailers.after(result);
        }
        head = null;
        trailers = null;
        // A plain session answers for the rewriting one a second pass would open on the same body.
        boolean cutShort = decodedOutput && !session.outputComplete();
        byte[] out = release(chunk);
        discardUnsent();
        session = null;
        state = State.ENDED;
        Conclusion c = Conclusion.decide(runtime.engine(), exchange, direction, result,
                overflowed ? FailureKind.LIMIT : Conclusion.failureOf(result.outcome()));
        redactedBody = MessageHeads.redactsBody(c.decision(), body);
        if (held != null && decodedOutput && !held) {
            // Only a part: decoding it would put decoded bytes before the encoded rest. It goes on as it
            // came (the held headers get their encoding back); a redaction it needs is a limit failure.
            cutShort = false;
            out = null;
            if (redactedBody && !c.blocks()) {
                c = Conclusion.of(c.decision(), FailureKind.LIMIT);
            }
        } else if (held != null && !c.blocks() && !cutShort && (redactedBody || decodedOutput)) {
            out = rewrite(chunk, c, body);
            if (out == null) {
                // Too large to release rewritten: the fail rule for limits decides; open lets it pass as it came.
                overflowed = true;
                c = Conclusion.of(c.decision(), FailureKind.LIMIT);
            }
        }
        if (!c.blocks() && (cutShort || forcedEnd != null)) {
            // The output cannot end as the whole body: ending it cleanly would hand over a cut-short body.
            c = forcedEnd != null ? new Conclusion(c.decision(), forcedEnd) : c.refusedAsCutShort(result.outcome());
        }
        rewritten = held != null ? out != null : released != null && !passThrough;
        nanos += System.nanoTime() - start;
        return new BodyStep(out, result, c, blockReason(c), nanos, cutShort || forcedEnd != null);
    }

    /** The second pass over a whole body with the decision's masks; null when its output passed the release limit. */
    private byte[] rewrite(byte[] whole, Conclusion c, InspectionResult first) {
        ReleasedBytes out = new ReleasedBytes(releaseLimit);
        BodyRewriter.rewrite(runtime.inspector(), spec, whole, PolicyPlans.of(c.decision(), first.findings()), out);
        return out.overflowed() ? null : out.drain();
    }

    /** Why the body is to be blocked now: the decision's block, a block rule met while it streamed, the fail rule. */
    private String blockReason(Conclusion c) {
        if (c.blocks() && c.decision().verdict() == Verdict.BLOCK) {
            return c.blockReason().isEmpty() ? "policy" : c.blockReason();
        }
        if (actions != null && actions.blockReason() != null) {
            return actions.blockReason();
        }
        return c.blocks() ? c.blockReason() : null;
    }

    /** Ends an inspection that will not finish (an aborted stream). */
    void close() {
        if (session != null) {
            session.close();
            session = null;
        }
        discardUnsent();
    }

    private void discardUnsent() {
        if (unsent != null) {
            unsent.discard();
        }
    }

    State state() {
        return state;
    }

    /** True once this direction's end of stream was seen: nothing, not even trailers, may follow. */
    boolean endOfStream() {
        return endOfStream;
    }

    boolean skipped() {
        return skipped;
    }

    /**
     * A body with no end in sight: a feed (server-sent events, NDJSON, a watch), or a gRPC stream
     * (as the method's schema says; without one, a request). A mode that holds the body until its end would hold its
     * messages until the stream closes (or its buffer fills), so it is streamed.
     */
    boolean openEnded() {
        return openEnded;
    }

    /** Whether this direction's head and trailers are inspected: not on a route that acts on no finding in it. */
    boolean inspectsFields() {
        return plan != null && plan.inspects();
    }

    /** True while a request labelled as a never-inspected type waits for its first bytes. */
    boolean checksLabel() {
        return checkLabel;
    }

    /** True when a body was fed and its inspection is still open. */
    boolean inspecting() {
        return session != null;
    }

    boolean sawBody() {
        return sawBody;
    }

    /** The Content-Length the headers came with, or null. */
    String contentLength() {
        return contentLength;
    }

    String contentEncoding() {
        return contentEncoding;
    }

    /** True when the body went out as the rewriting inspection produced it (redacted or decoded), to its end. */
    boolean rewritten() {
        return rewritten;
    }

    /** True when a rewriting output passed the release limit: what was released is not the rewritten body. */
    boolean overflowed() {
        return overflowed;
    }

    int status() {
        return status;
    }

    BodyPlan plan() {
        return plan;
    }

    Direction direction() {
        return direction;
    }

    @Override
    public String toString() {
        return "BodyFlow[" + direction.label() + " " + state + "]";
    }
}
