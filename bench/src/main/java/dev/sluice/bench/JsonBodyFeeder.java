package dev.sluice.bench;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.json.JsonBodyParser;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.io.ByteArrayOutputStream;

/**
 * Runs the inspector's JSON parser alone over a body, fed in chunks as an inspection session
 * feeds it, with its values going to a sink of the caller's choice instead of the matchers.
 */
public final class JsonBodyFeeder {
    private JsonBodyFeeder() {
    }

    /**
     * Parses {@code body} {@code chunk} bytes at a time into {@code sink}, calling
     * {@code afterChunk} after each chunk (where a session flushes its matcher); returns the
     * parse outcome.
     */
    static OutcomeRecorder parse(byte[] body, int chunk, InspectionLimits limits, ValueSink sink,
                                 Runnable afterChunk) {
        TopLevelContext ctx = new TopLevelContext(sink, limits);
        JsonBodyParser parser = new JsonBodyParser(ctx, 0, null, 0);
        for (int off = 0; off < body.length; off += chunk) {
            parser.write(body, off, Math.min(chunk, body.length - off));
            afterChunk.run();
        }
        parser.end();
        return ctx.outcomes;
    }

    /** Throws unless {@code outcomes} says the whole body parsed, so nothing measures the text fallback by mistake. */
    static void requireComplete(OutcomeRecorder outcomes) {
        if (outcomes.outcome() != Outcome.COMPLETE) {
            throw new IllegalStateException("benchmark body did not parse completely: " + outcomes.outcome() + " ("
                    + outcomes.detail() + ")");
        }
    }

    /** The body's values as the scan session's stream holds them: each followed by a NUL. */
    public static byte[] decodedValues(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        out.write(0);
        ValueSink collect = new ValueSink() {
            @Override
            public void beginValue(FieldContext field) {
            }

            @Override
            public void verbatim(byte[] buf, int off, int len, long wireOffset) {
                out.write(buf, off, len);
            }

            @Override
            public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
                out.write(buf, off, len);
            }

            @Override
            public void endValue() {
                out.write(0);
            }
        };
        requireComplete(parse(body, JsonInspectionBenchmark.CHUNK,
                InspectionLimits.defaults(), collect, () -> { }));
        return out.toByteArray();
    }

    /** The context an inspection session gives a JSON body, with another sink. */
    private static final class TopLevelContext implements ParserContext {
        private final ValueSink sink;
        private final InspectionLimits limits;
        private final OutcomeRecorder outcomes = new OutcomeRecorder();

        TopLevelContext(ValueSink sink, InspectionLimits limits) {
            this.sink = sink;
            this.limits = limits;
        }

        @Override
        public ValueSink sink() {
            return sink;
        }

        @Override
        public InspectionLimits limits() {
            return limits;
        }

        @Override
        public OutcomeRecorder outcomes() {
            return outcomes;
        }

        @Override
        public ByteSink open(String contentType, long baseOffset, String name, int depth) {
            // Reached only when the body stops parsing as JSON; requireComplete rejects that.
            return new TextBodyParser(this, baseOffset, name);
        }
    }
}
