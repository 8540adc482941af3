package dev.sluice.inspector;

import dev.sluice.inspector.decode.ContentDecoding;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadFields;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.inspector.head.HttpHeadParser;
import dev.sluice.inspector.redact.BodyOutput;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.util.List;
import java.util.Objects;

/**
 * The shared entry point of inspection: a compiled {@link MatchEngine} plus limits, and the
 * process's {@link HeldMemory} its sessions charge what they keep to. Thread-safe; every body
 * gets its own {@link InspectionSession}.
 */
public final class Inspector {
    private final MatchEngine engine;
    private final InspectionLimits limits;
    private final HeldMemory memory;

    /** An inspector whose sessions' holds have no process-wide bound (one body at a time: {@code sluice scan}). */
    public Inspector(MatchEngine engine, InspectionLimits limits) {
        this(engine, limits, HeldMemory.unbounded());
    }

    public Inspector(MatchEngine engine, InspectionLimits limits, HeldMemory memory) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * Opens a session for one body.
     *
     * @param contentType     the body's Content-Type (null → raw)
     * @param contentEncoding the body's Content-Encoding (null → identity)
     */
    public InspectionSession open(Direction direction, String contentType, String contentEncoding) {
        return open(BodySpec.builder(direction).contentType(contentType).contentEncoding(contentEncoding).build());
    }

    /** Opens a session for the body {@code spec} describes. */
    public InspectionSession open(BodySpec spec) {
        return new InspectionSession(engine, limits, memory, spec);
    }

    /**
     * Opens a session that also rewrites the body: every finding {@code plan} gives a mask for
     * has its value replaced, and the body as it should be forwarded goes to {@code out} as soon
     * as its bytes are safe to release (no pending finding can cover them any more); the rest
     * at {@link InspectionSession#finish()}.
     */
    public InspectionSession openRewriting(BodySpec spec, RedactionPlan plan, BodyOutput out) {
        return new InspectionSession(engine, limits, memory, spec, plan, out);
    }

    /**
     * The Content-Encoding a rewriting session will write for a body sent with
     * {@code contentEncoding}, known from the head: {@link InspectionSession#IDENTITY} when every
     * coding is undone (the front end drops Content-Encoding and Content-Length before the body),
     * else the body's own. The session's {@link InspectionSession#outputEncoding()} is the final word.
     */
    public static String rewrittenEncoding(String contentEncoding) {
        return decodesOnRewrite(contentEncoding) ? InspectionSession.IDENTITY : contentEncoding;
    }

    /** True when a rewriting session writes a body sent with {@code contentEncoding} decoded (see {@link #rewrittenEncoding}). */
    public static boolean decodesOnRewrite(String contentEncoding) {
        return InspectionSession.isEncoded(contentEncoding) && ContentDecoding.undoesAll(contentEncoding);
    }

    /**
     * Inspects a request head: the values of {@code head} read as {@link HttpHeadParser} says,
     * findings reported as {@link HeadFields#reports} says, their paths naming where each value
     * sits ({@code query:id}, {@code header:user-agent}) and their origin
     * {@link HeadFields#REQUEST_ORIGIN}. A head cut for its size ends in
     * {@link Outcome#INSPECTED_BYTES_LIMIT}.
     */
    public InspectionResult inspectRequestHead(HeadBytes head) {
        return inspectHead(Direction.REQUEST, head);
    }

    /**
     * Inspects a response head as {@link #inspectRequestHead} does a request's; its findings'
     * origin is {@link HeadFields#RESPONSE_ORIGIN} and their offsets name the field of
     * {@code head} each was found in ({@link HeadRedactor}).
     */
    public InspectionResult inspectResponseHead(HeadBytes head) {
        return inspectHead(Direction.RESPONSE, head);
    }

    private InspectionResult inspectHead(Direction direction, HeadBytes head) {
        if (direction == Direction.RESPONSE && !head.truncated() && !anyInspected(head)) {
            // Only framing and fixed-grammar fields, as many a response has: no session to open.
            return new InspectionResult(List.of(), Outcome.COMPLETE, null, 0, 0);
        }
        try (InspectionSession session = open(direction, MediaKind.HTTP_MESSAGE, null)) {
            if (head.truncated()) {
                session.outcomes().record(Outcome.INSPECTED_BYTES_LIMIT, direction.label()
                        + " head over " + HeadBytes.MAX_BYTES + " bytes: fields past it not inspected");
            }
            byte[] bytes = head.bytes();
            session.feed(bytes, 0, bytes.length);
            return session.finish();
        }
    }

    private static boolean anyInspected(HeadBytes head) {
        for (HeadBytes.Field f : head.fields()) {
            if (HeadFields.inspectedInResponse(f.name())) {
                return true;
            }
        }
        return false;
    }

    public MatchEngine engine() {
        return engine;
    }

    /** What every session of this inspector, and every front end's hold, charges what it keeps to. */
    public HeldMemory heldMemory() {
        return memory;
    }

    public InspectionLimits limits() {
        return limits;
    }
}
