package dev.sluice.inspector.json;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.DerivedContext;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.ValueSink;

/**
 * The context of a JSON document found inside a JSON string: values go through a sink that
 * maps offsets back to the outer wire, and problems are kept apart (a string that only looks
 * like JSON is not a malformed body); a fallback scans the rest of the string as text.
 */
final class NestedContext extends DerivedContext {
    private final DecodedString doc;
    private final ValueSink sink;
    private final OutcomeRecorder outcomes;

    /** A context for {@code doc}, a value of {@code outer}'s body, with an outcome recorder of its own. */
    NestedContext(ParserContext outer, DecodedString doc) {
        super(outer);
        this.doc = doc;
        this.sink = doc.translating(outer.sink());
        this.outcomes = new OutcomeRecorder();
    }

    @Override
    public ValueSink sink() {
        return sink;
    }

    @Override
    public ValueSink sinkFor(ValueSyntax syntax) {
        ValueSink s = outer().sinkFor(syntax);
        return s == outer().sink() ? sink : doc.translating(s);
    }

    @Override
    public OutcomeRecorder outcomes() {
        return outcomes;
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        return new TextBodyParser(this, baseOffset, name);
    }
}
