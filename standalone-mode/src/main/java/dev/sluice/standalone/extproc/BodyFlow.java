package dev.sluice.standalone.extproc;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Verdict;
import dev.sluice.standalone.exchange.Conclusion;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.serve.SharedRuntime;

/**
 * One direction of an ext_proc exchange: its headers (content type and encoding, status), its
 * state in Envoy's message order, and the inspection of its body. The inspection opens at the
 * first body byte. A body that streams rewrites as it goes ({@link ReleasedBytes},
 * {@link StreamingActions}) when the route may redact, or may block while the body streams, so a
 * block can come before the rest leaves. A body that comes whole (the buffered modes) is decided
 * whole, minimum counts included: inspected once, then — only when the decision redacts, or the
 * headers were promised a decoded body — rewritten in a second pass with the decision's masks, as
 * {@link dev.sluice.inspector.redact.BodyRewriter} describes. Bodies of uninspected media types are
 * skipped. Not thread-safe: the stream calls it under its own lock.
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

    private final Direction direction;
    private final SharedRuntime runtime;
    private final long releaseLimit;
    private State state = State.AWAITING_HEADERS;
    private ExchangeIdentity exchange;
    private BodyPlan plan;
    private String contentType;
    private String contentEncoding;
    private String grpcEncoding;
    private boolean contentLength;
    private int status;
    private boolean skipped;
    private BodySpec spec;
    private InspectionSession session;
    /** The headers lost their Content-Encoding: whatever is released must be the decoded body. */
    private boolean decodedOutput;
    private ReleasedBytes released;
    private StreamingActions actions;
    private long nanos;
    private boolean sawBody;
    private boolean endOfStream;

    BodyFlow(Direction direction, SharedRuntime runtime, long releaseLimit) {
        this.direction = direction;
        this.runtime = runtime;
        this.releaseLimit = releaseLimit;
    }

    /** The direction's headers arrived; {@code endOfStream}: there is no body. */
    void onHeaders(ExchangeIdentity exchange, EnvoyHeaders h, boolean endOfStream) {
        this.exchange = exchange;
        this.plan = exchange.plan(direction);
        this.contentType = h.first("content-type");
        this.contentEncoding = h.first("content-encoding");
        this.grpcEncoding = h.first("grpc-encoding");
        this.contentLength = h.has("content-length");
        if (direction == Direction.RESPONSE) {
            try {
                status = Integer.parseInt(h.first(":status", "0"));
            } catch (NumberFormatException e) {
                status = 0;
            }
        }
        this.skipped = SharedRuntime.uninspected(contentType);
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

    /** True when a rewriting inspection will change the body's encoding (it releases decoded bytes). */
    boolean decodesBody(BodyMode mode) {
        return rewrites(mode) && contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.equalsIgnoreCase("identity");
    }

    /**
     * Inspects one body message; {@code last}: the body ends with it (always, in a buffered mode:
     * the message is the whole body). Returns what to release in the answer (null: the chunk goes
     * on unchanged) and, at the end, the decision.
     */
    BodyStep onBody(byte[] chunk, boolean last, boolean endOfStream, BodyMode mode) {
        long start = System.nanoTime();
        this.endOfStream |= endOfStream;
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
            step = finish(chunk, mode.holdsHeaders());
        } else {
            nanos += System.nanoTime() - start;
            String now = actions == null ? null : actions.blockReason();
            step = new BodyStep(released == null ? null : released.drainUnlessSame(chunk), null, null, now, 0);
        }
        return step;
    }

    /** The body ended without a last body message (trailers came, or the stream closed). */
    BodyStep onEnd(boolean endOfStream) {
        this.endOfStream |= endOfStream;
        if (session == null || skipped) {
            state = State.ENDED;
            return BodyStep.unchanged();
        }
        return finish(null, false);
    }

    private void open(BodyMode mode) {
        spec = BodySpec.builder(direction).contentType(contentType).contentEncoding(contentEncoding)
                .protobuf(exchange.grpc() ? runtime.protobuf(exchange.path(), direction, grpcEncoding) : null).build();
        decodedOutput = decodesBody(mode);
        if (rewrites(mode) && !mode.holdsHeaders()) {
            released = new ReleasedBytes(releaseLimit);
            actions = new StreamingActions(exchange.policy(), exchange.routeKey(direction), exchange.source(),
                    exchange.destination());
            session = runtime.inspector().openRewriting(spec, actions, released);
        } else {
            session = runtime.inspector().open(spec);
        }
    }

    /**
     * Ends the inspection and decides; {@code chunk}: the last body message, null when the body
     * ended without one; {@code whole}: that message is the whole body.
     */
    private BodyStep finish(byte[] chunk, boolean whole) {
        long start = System.nanoTime();
        InspectionResult result = session.finish();
        session = null;
        state = State.ENDED;
        Conclusion c = Conclusion.decide(runtime.engine(), exchange, direction, result,
                failureOf(result.outcome(), released));
        byte[] out = released == null ? null : chunk == null ? released.drain() : released.drainUnlessSame(chunk);
        if (whole && !c.blocks() && (!c.decision().redactions().isEmpty() || decodedOutput)) {
            out = rewrite(chunk, c, result);
            if (out == null) {
                // Too large to release rewritten: the fail rule for limits decides; open lets it pass as it came.
                c = Conclusion.of(c.decision(), FailureKind.LIMIT);
            }
        }
        nanos += System.nanoTime() - start;
        return new BodyStep(out, result, c, blockReason(c), nanos);
    }

    /** The second pass over a whole body with the decision's masks; null when its output passed the release limit. */
    private byte[] rewrite(byte[] whole, Conclusion c, InspectionResult first) {
        ReleasedBytes out = new ReleasedBytes(releaseLimit);
        try (InspectionSession s = runtime.inspector().openRewriting(spec,
                PolicyPlans.of(c.decision(), first.findings()), out)) {
            s.feed(whole, 0, whole.length);
            s.finish();
        }
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

    /** Why an inspection could not finish, in the fail rule's terms; null when it finished. */
    static FailureKind failureOf(Outcome outcome, ReleasedBytes released) {
        if (released != null && released.overflowed()) {
            return FailureKind.LIMIT;
        }
        return Conclusion.failureOf(outcome);
    }

    /** Ends an inspection that will not finish (an aborted stream). */
    void close() {
        if (session != null) {
            session.close();
            session = null;
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

    /** True when a body was fed and its inspection is still open. */
    boolean inspecting() {
        return session != null;
    }

    boolean sawBody() {
        return sawBody;
    }

    boolean hadContentLength() {
        return contentLength;
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
