package dev.sluice.inspector.delta;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.DerivedContext;
import dev.sluice.inspector.MessageLayout;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.matchers.ValueSink;

/**
 * The context a stream of JSON documents is parsed in when each document may carry the next
 * piece of one text (an event stream's JSON data, NDJSON lines): the stream's own context,
 * except that string values go through {@link DeltaChannels}, which join the pieces of a text
 * streamed across documents. Numbers are never a delta and go straight on; an embedded body
 * opened from here (the text a broken document falls back to) gets the stream's plain context.
 * One per stream, or per body of a {@link MessageSequence}: it remembers what the stream's delta
 * paths sent, and a rewriting session configured to
 * ({@link dev.sluice.inspector.InspectionLimits#streamedTextHoldBytes}) holds back the last pieces
 * of streamed text.
 */
public final class DeltaContext extends DerivedContext {
    private final ValueSink strings;

    public DeltaContext(ParserContext stream) {
        this(stream, new DeltaChannels());
    }

    /** The context of one body of {@code sequence}: its delta paths join to what the bodies before sent. */
    public DeltaContext(ParserContext stream, MessageSequence sequence) {
        this(stream, sequence.channels());
    }

    private DeltaContext(ParserContext stream, DeltaChannels channels) {
        super(stream);
        int hold = stream.rewriting() ? stream.limits().streamedTextHoldBytes() : 0;
        this.strings = channels.through(stream.sinkFor(ValueSyntax.JSON_STRING), hold, stream::holdFrom);
    }

    @Override
    public ValueSink sink() {
        return strings;
    }

    @Override
    public ValueSink sinkFor(ValueSyntax syntax) {
        return syntax == ValueSyntax.JSON_STRING ? strings : outer().sinkFor(syntax);
    }

    @Override
    public void consumedTo(long offset) {
        outer().consumedTo(offset);
    }

    @Override
    public void holdFrom(long offset) {
        outer().holdFrom(offset);
    }

    @Override
    public MessageLayout messageLayout() {
        return null;
    }

    @Override
    public ProtobufSpec protobuf() {
        return outer().protobuf();
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        return outer().open(contentType, baseOffset, name, depth);
    }
}
