package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.OutcomeRecorder;
import java.util.function.Consumer;

/** One decoding run in a test: the pipeline for a header, what reached downstream, the outcome. */
final class Decoding {
    final OutcomeRecorder outcomes = new OutcomeRecorder();
    final CollectingSink down;
    final ByteSink sink;

    Decoding(String header) {
        this(header, InspectionLimits.defaults(), new CollectingSink());
    }

    Decoding(String header, InspectionLimits limits, CollectingSink down) {
        this.down = down;
        this.sink = ContentDecoding.wrap(header, down, limits, outcomes);
    }

    /** Decodes {@code encoded} written in one piece, then ends the body. */
    static Decoding run(String header, byte[] encoded) {
        return run(header, s -> s.write(encoded, 0, encoded.length));
    }

    static Decoding run(String header, Consumer<ByteSink> feed) {
        Decoding d = new Decoding(header);
        feed.accept(d.sink);
        d.sink.end();
        return d;
    }
}
