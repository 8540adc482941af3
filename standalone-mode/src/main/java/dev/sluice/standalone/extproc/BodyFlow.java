package dev.sluice.standalone.extproc;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Mode;
import dev.sluice.policy.PolicyFinding;
import dev.sluice.policy.Verdict;
import dev.sluice.standalone.serve.SharedRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * One direction of an ext_proc exchange: its headers (content type and encoding, status), its
 * state in Envoy's message order, and the inspection of its body. The inspection opens at the
 * first body byte; it rewrites ({@link ReleasedBytes}, {@link StreamingActions}) when the route
 * may redact, or may block while the body streams, so a block can come before the rest leaves.
 * Bodies of uninspected media types are skipped. Not thread-safe: the stream calls it under its
 * own lock.
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
    private ExchangeContext exchange;
    private BodyPlan plan;
    private String contentType;
    private String contentEncoding;
    private String grpcEncoding;
    private boolean contentLength;
    private int status;
    private boolean skipped;
    private InspectionSession session;
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
    void onHeaders(ExchangeContext exchange, EnvoyHeaders h, boolean endOfStream) {
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
     * Inspects one body message; {@code last}: the body ends with it. Returns what to release in
     * the answer (null: the chunk goes on unchanged) and, at the end, the decision.
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
            step = finish();
        } else {
            nanos += System.nanoTime() - start;
            String now = actions == null ? null : actions.blockReason();
            step = new BodyStep(drain(), null, null, now, 0);
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
        return finish();
    }

    private void open(BodyMode mode) {
        BodySpec spec = BodySpec.builder(direction).contentType(contentType).contentEncoding(contentEncoding)
                .protobuf(exchange.grpc() ? runtime.protobuf(exchange.path(), direction, grpcEncoding) : null).build();
        if (rewrites(mode)) {
            released = new ReleasedBytes(releaseLimit);
            actions = new StreamingActions(exchange.policy(), exchange.routeKey(direction), exchange.source(),
                    exchange.destination());
            session = runtime.inspector().openRewriting(spec, actions, released);
        } else {
            session = runtime.inspector().open(spec);
        }
    }

    private BodyStep finish() {
        long start = System.nanoTime();
        InspectionResult result = session.finish();
        session = null;
        state = State.ENDED;
        Decision decision = decide(result);
        String block = null;
        if (decision.verdict() == Verdict.BLOCK) {
            block = decision.reason().isEmpty() ? "policy" : decision.reason();
        } else if (actions != null && actions.blockReason() != null) {
            block = actions.blockReason();
        } else {
            FailureKind kind = failureOf(result.outcome(), released);
            if (kind != null && decision.mode() == Mode.ENFORCE && decision.failRule().failsClosed(kind)) {
                block = "fail_closed:" + kind.label();
            }
        }
        nanos += System.nanoTime() - start;
        return new BodyStep(drain(), result, decision, block, nanos);
    }

    private byte[] drain() {
        return released == null ? null : released.drain();
    }

    private Decision decide(InspectionResult result) {
        List<PolicyFinding> findings = new ArrayList<>(result.findings().size());
        for (Finding f : result.findings()) {
            findings.add(PolicyPlans.policyFinding(f));
        }
        return runtime.engine().decide(new DecisionRequest(exchange.routeKey(direction), exchange.source(),
                exchange.destination(), exchange.token(), findings));
    }

    /** Why an inspection could not finish, in the fail rule's terms; null when it finished. */
    static FailureKind failureOf(Outcome outcome, ReleasedBytes released) {
        if (released != null && released.overflowed()) {
            return FailureKind.LIMIT;
        }
        if (outcome == Outcome.COMPLETE) {
            return null;
        }
        return outcome.isLimit() ? FailureKind.LIMIT : FailureKind.PARSE_ERROR;
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
