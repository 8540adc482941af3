package dev.sluice.inspector;

import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.inspector.redact.StreamRewriter;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.ValueSink;

/**
 * The parser context of a rewriting session: each parser's values reach the matcher through a
 * tap that tells the {@link StreamRewriter} their syntax and wire span, parsers report how far
 * they have got, and the body's own gRPC parser reports where its messages lie.
 */
final class RewritingContext implements ParserContext {
    private final ValueSink scan;
    private final ProtobufSpec protobuf;
    private final MessageSequence sequence;
    private final InspectionLimits limits;
    private final OutcomeRecorder outcomes;
    private final StreamRewriter rewriter;
    private final ValueSink sink;
    private final boolean topLevel;
    private final boolean request;

    private RewritingContext(ValueSink scan, ProtobufSpec protobuf, MessageSequence sequence, InspectionLimits limits,
                             OutcomeRecorder outcomes, StreamRewriter rewriter, ValueSyntax syntax, boolean topLevel,
                             boolean request) {
        this.scan = scan;
        this.protobuf = protobuf;
        this.sequence = sequence;
        this.limits = limits;
        this.outcomes = outcomes;
        this.rewriter = rewriter;
        this.sink = rewriter.tap(scan, syntax);
        this.topLevel = topLevel;
        this.request = request;
    }

    /** The context the body's own parser is opened from. */
    static RewritingContext root(ValueSink scan, BodySpec spec, InspectionLimits limits, OutcomeRecorder outcomes,
                                 StreamRewriter rewriter) {
        return new RewritingContext(scan, spec.protobuf(), spec.sequence(), limits, outcomes, rewriter, ValueSyntax.TEXT,
                false, spec.direction() == Direction.REQUEST);
    }

    @Override
    public ValueSink sink() {
        return sink;
    }

    @Override
    public ValueSink sinkFor(ValueSyntax syntax) {
        return rewriter.tap(scan, syntax);
    }

    @Override
    public InspectionLimits limits() {
        return limits;
    }

    @Override
    public HeldMemory heldMemory() {
        return rewriter.heldMemory();
    }

    @Override
    public OutcomeRecorder outcomes() {
        return outcomes;
    }

    @Override
    public ProtobufSpec protobuf() {
        return protobuf;
    }

    @Override
    public MessageSequence sequence() {
        return sequence;
    }

    @Override
    public boolean rewriting() {
        return true;
    }

    @Override
    public boolean guessesForms() {
        return request;
    }

    @Override
    public void consumedTo(long offset) {
        rewriter.consumedTo(offset);
    }

    @Override
    public void holdFrom(long offset) {
        rewriter.holdFrom(offset);
    }

    @Override
    public MessageLayout messageLayout() {
        return topLevel ? rewriter : null;
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        MediaKind kind = BodyParsers.kindOf(this, contentType, depth);
        ValueSyntax syntax = BodyParsers.syntaxOf(this, kind, depth);
        boolean own = depth == 0 && syntax == ValueSyntax.PROTOBUF;
        return BodyParsers.open(new RewritingContext(scan, protobuf, sequence, limits, outcomes, rewriter, syntax, own,
                        request),
                contentType, baseOffset, name, depth);
    }
}
