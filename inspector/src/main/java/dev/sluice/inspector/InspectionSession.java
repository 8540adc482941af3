package dev.sluice.inspector;

import dev.sluice.inspector.decode.ContentDecoding;
import dev.sluice.inspector.redact.BodyOutput;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.Match;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.ScanSession;
import dev.sluice.matchers.ValueSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Inspects one body travelling one way, fed chunk by chunk as it arrives:
 * inspected-bytes limit → Content-Encoding decoding → the parser for its content type →
 * the matcher session. Any chunking gives the same findings. Bad input never throws: it ends
 * in an {@link Outcome} with the findings made so far. Not thread-safe; close or finish it.
 */
public final class InspectionSession implements AutoCloseable {
    private final InspectionLimits limits;
    private final OutcomeRecorder outcomes = new OutcomeRecorder();
    private final List<Finding> findings = new ArrayList<>();
    private final ScanSession scan;
    private final ByteSink head;
    private final boolean decoded;
    private long fed;
    private boolean finished;
    private boolean overLimit;
    private InspectionResult result;
    private final BodyOutput output;

    InspectionSession(MatchEngine engine, InspectionLimits limits, BodySpec spec) {
        this(engine, limits, spec, RedactionPlan.NONE, null);
    }

    // TODO(redaction): the plan is not applied yet; a rewriting session forwards every byte unchanged.
    InspectionSession(MatchEngine engine, InspectionLimits limits, BodySpec spec, RedactionPlan plan, BodyOutput out) {
        this.output = out;
        this.limits = limits;
        String contentEncoding = spec.contentEncoding();
        this.decoded = contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity");
        this.scan = engine.newSession(spec.direction(), this::onMatch);
        ParserContext ctx = new Context(scan, spec.protobuf(), limits, outcomes);
        ByteSink parser = BodyParsers.open(ctx, spec.contentType(), 0, null, 0);
        this.head = ContentDecoding.wrap(contentEncoding, parser, limits, outcomes);
    }

    /** Feeds the next {@code len} body bytes as sent; borrowed for the call only. */
    public void feed(byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (output != null) {
            output.write(buf, off, len);
        }
        if (finished) {
            return;
        }
        long room = limits.maxInspectedBytes() - fed;
        if (len > room) {
            // Recorded at the first byte past the limit, wherever the chunk boundaries fall: a
            // body whose limit ends a chunk is as over the limit as one whose limit splits it.
            if (!overLimit) {
                overLimit = true;
                outcomes.record(Outcome.INSPECTED_BYTES_LIMIT, "body longer than maxInspectedBytes="
                        + limits.maxInspectedBytes());
            }
            if (room <= 0) {
                return;
            }
            len = (int) room;
        }
        fed += len;
        try {
            head.write(buf, off, len);
            scan.flush();
        } catch (RuntimeException e) {
            // Parsers and validators must not throw; if one does, fail safe and say so.
            outcomes.record(Outcome.PARSE_ERROR, "inspection error: " + e.getClass().getSimpleName());
            finished = true;
        }
    }

    /** Ends the body and returns what was found; later calls return the same result. */
    public InspectionResult finish() {
        if (result != null) {
            return result;
        }
        finished = true;
        try {
            head.end();
        } catch (RuntimeException e) {
            outcomes.record(Outcome.PARSE_ERROR, "inspection error: " + e.getClass().getSimpleName());
        } finally {
            scan.close();
        }
        if (scan.droppedFindings() > 0) {
            outcomes.record(Outcome.FINDINGS_LIMIT, scan.droppedFindings() + " findings or candidates past the per-body "
                    + "maximum were counted, not kept");
        }
        findings.sort(Comparator.comparingLong(Finding::start).thenComparingLong(Finding::end));
        result = new InspectionResult(findings, outcomes.outcome(), outcomes.detail(), fed);
        return result;
    }

    /** The outcomes recorded so far. */
    public OutcomeRecorder outcomes() {
        return outcomes;
    }

    @Override
    public void close() {
        finish();
    }

    private void onMatch(Match m) {
        findings.add(new Finding(m.id(), m.category(), m.start(), m.end(), m.path(), m.key(), m.preview(),
                m.valueHash(), decoded, m.origin()));
    }

    /** Parsers of this session: values go to the matcher, embedded bodies get parsers of their own. */
    private record Context(ValueSink sink, ProtobufSpec protobuf, InspectionLimits limits, OutcomeRecorder outcomes)
            implements ParserContext {
        @Override
        public ByteSink open(String contentType, long baseOffset, String name, int depth) {
            return BodyParsers.open(this, contentType, baseOffset, name, depth);
        }
    }
}
