package dev.sluice.inspector.grpc;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.MessageLayout;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;

/**
 * The context in which text decoded out of one protobuf value is read: base64 of text in a
 * string or bytes field, a gzip or zlib stream in a bytes field. Its values carry the walk's
 * mode as their origin ({@code schema}, {@code schemaless}), as the value they came out of
 * does. In a rewriting session each of them is laid out over that whole value
 * ({@link MessageLayout#decodedValue}): every decoded byte stands for all of it, so a finding in
 * one replaces the protobuf value whole when its message is re-encoded. Whatever syntax a
 * parser of the decoded text asks for, its values are protobuf values on the wire.
 */
final class DecodedValueContext implements ParserContext {
    private final ParserContext outer;
    private final MessageLayout layout;
    private final ValueSink sink;
    private String origin;
    private int start;
    private int end;

    DecodedValueContext(ParserContext outer, MessageLayout layout) {
        this.outer = outer;
        this.layout = layout;
        this.sink = new Stamping(outer.sink());
    }

    /**
     * The protobuf value now read has {@code origin} and lies at {@code [start, end)} of its
     * decoded message (when the body is rewritten).
     */
    void within(String origin, int start, int end) {
        this.origin = origin;
        this.start = start;
        this.end = end;
    }

    @Override
    public ValueSink sink() {
        return sink;
    }

    @Override
    public ValueSink sinkFor(ValueSyntax syntax) {
        return sink;
    }

    @Override
    public boolean rewriting() {
        return outer.rewriting();
    }

    @Override
    public boolean readsNames() {
        return outer.readsNames();
    }

    @Override
    public InspectionLimits limits() {
        return outer.limits();
    }

    @Override
    public HeldMemory heldMemory() {
        return outer.heldMemory();
    }

    @Override
    public OutcomeRecorder outcomes() {
        return outer.outcomes();
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        return new TextBodyParser(this, baseOffset, name);
    }

    /** Gives each decoded value the walk's origin and, in a rewriting session, its place. */
    private final class Stamping implements ValueSink {
        private final ValueSink out;

        Stamping(ValueSink out) {
            this.out = out;
        }

        @Override
        public void beginValue(FieldContext field) {
            if (field.origin() == null) {
                field.origin(origin);
            }
            if (layout != null) {
                layout.decodedValue(start, end);
            }
            out.beginValue(field);
        }

        @Override
        public void verbatim(byte[] buf, int off, int len, long wireOffset) {
            out.verbatim(buf, off, len, wireOffset);
        }

        @Override
        public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
            out.escaped(buf, off, len, wireStart, wireEnd);
        }

        @Override
        public void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
            out.context(buf, off, len, wireStart, wireEnd);
        }

        @Override
        public void endValue() {
            out.endValue();
        }

        @Override
        public boolean skipsNumber(FieldContext field, int length) {
            return out.skipsNumber(field, length);
        }
    }
}
