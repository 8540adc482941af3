package dev.sluice.inspector.grpc;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.DerivedContext;
import dev.sluice.inspector.MessageLayout;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ForwardingValueSink;
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
final class DecodedValueContext extends DerivedContext {
    private final MessageLayout layout;
    private final ValueSink sink;
    private String origin;
    private int start;
    private int end;

    DecodedValueContext(ParserContext outer, MessageLayout layout) {
        super(outer);
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
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        return new TextBodyParser(this, baseOffset, name);
    }

    /** Gives each decoded value the walk's origin and, in a rewriting session, its place. */
    private final class Stamping extends ForwardingValueSink {
        Stamping(ValueSink out) {
            super(out);
        }

        @Override
        public void beginValue(FieldContext field) {
            if (field.origin() == null) {
                field.origin(origin);
            }
            if (layout != null) {
                layout.decodedValue(start, end);
            }
            super.beginValue(field);
        }
    }
}
