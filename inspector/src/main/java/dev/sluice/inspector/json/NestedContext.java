package dev.sluice.inspector.json;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ForwardingValueSink;
import dev.sluice.matchers.ValueSink;

/**
 * The context of a JSON document found inside a JSON string: values go through a sink that
 * maps offsets back to the outer wire, and problems are kept apart (a string that only looks
 * like JSON is not a malformed body); a fallback scans the rest of the string as text.
 */
final class NestedContext implements ParserContext {
    private final ParserContext outer;
    private final DecodedString doc;
    private final ValueSink sink;
    private final OutcomeRecorder outcomes;

    NestedContext(ParserContext outer, DecodedString doc, OutcomeRecorder outcomes) {
        this(outer, doc, outcomes, null);
    }

    /**
     * @param textPath the path of values whose parser gives none (text read out of a JSON string
     *     is found at that string's path), or null
     */
    NestedContext(ParserContext outer, DecodedString doc, OutcomeRecorder outcomes, String textPath) {
        this.outer = outer;
        this.doc = doc;
        ValueSink translated = doc.translating(outer.sink());
        this.sink = textPath == null ? translated : new PathOfText(translated, textPath);
        this.outcomes = outcomes;
    }

    @Override
    public ValueSink sink() {
        return sink;
    }

    @Override
    public ValueSink sinkFor(ValueSyntax syntax) {
        ValueSink s = outer.sinkFor(syntax);
        return s == outer.sink() ? sink : doc.translating(s);
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
        return outcomes;
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        return new TextBodyParser(this, baseOffset, name);
    }

    /** Gives a value with an empty path the path of the string its text came from. */
    private static final class PathOfText extends ForwardingValueSink {
        private final String path;

        PathOfText(ValueSink next, String path) {
            super(next);
            this.path = path;
        }

        @Override
        public void beginValue(FieldContext field) {
            if (!field.hasPathParts() && field.path().isEmpty()) {
                field.path().append(path);
            }
            super.beginValue(field);
        }
    }
}
