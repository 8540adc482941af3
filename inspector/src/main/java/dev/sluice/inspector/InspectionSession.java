package dev.sluice.inspector;

import dev.sluice.inspector.decode.Base64DecodingSink;
import dev.sluice.inspector.decode.Base64Segments;
import dev.sluice.inspector.decode.BodyCharset;
import dev.sluice.inspector.decode.ContentDecoding;
import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.inspector.head.HeadFields;
import dev.sluice.inspector.redact.Base64Output;
import dev.sluice.inspector.redact.BodyOutput;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.inspector.redact.ReencodingOutput;
import dev.sluice.inspector.redact.StreamRewriter;
import dev.sluice.inspector.redact.ValueMask;
import dev.sluice.matchers.Detector;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.Match;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.MatchListener;
import dev.sluice.matchers.RewritingMatchListener;
import dev.sluice.matchers.ScanSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Inspects one body travelling one way, fed chunk by chunk as it arrives:
 * inspected-bytes limit → Content-Encoding decoding → the parser for its content type →
 * the matcher session. Any chunking gives the same findings. Bad input never throws: it ends
 * in an {@link Outcome} with the findings made so far. Not thread-safe; close or finish it.
 *
 * <p>A rewriting session ({@link Inspector#openRewriting}) also writes the body as it should be
 * forwarded to its {@link BodyOutput}: a {@link StreamRewriter} between decoding and the parser
 * holds what a pending finding could still cover and releases the rest after each chunk, with
 * the values its {@link RedactionPlan} masks replaced. A Content-Encoded body leaves decoded
 * ({@link #outputEncoding()}). Past maxInspectedBytes inspection ends, whatever is final is
 * applied and the rest passes unchanged.
 */
public final class InspectionSession implements AutoCloseable {
    /** {@link #outputEncoding()} of a rewriting session on an encoded body. */
    public static final String IDENTITY = "identity";

    private final InspectionLimits limits;
    private final OutcomeRecorder outcomes = new OutcomeRecorder();
    private final List<Finding> findings = new ArrayList<>();
    private final ScanSession scan;
    private final ByteSink head;
    private final boolean decoded;
    private final String outputEncoding;
    /** Rewriting sessions only; else null. */
    private final StreamRewriter rewriter;
    private final RedactionPlan plan;
    /** A rewriting session whose encoding cannot be undone forwards every byte as it came. */
    private final BodyOutput verbatimOutput;
    /** What the Content-Encoding decoding stages recorded. */
    private final OutcomeRecorder decoding;
    /** How a textual body's charset is read (re-encoded to UTF-8 when ASCII is not ASCII in it); null for other bodies. */
    private final BodyCharset charset;
    /** A rewriting session's output back into the body's charset; null when there is no charset to keep. */
    private final ReencodingOutput reencoding;
    /** The body is base64 text of its messages ({@code application/grpc-web-text}): read decoded. */
    private final boolean base64;
    /** A rewriting session's output back into base64; null for other bodies. */
    private final Base64Output base64Output;
    /** Where the base64 text read ended a quantum early, for {@link #base64Output}; null without one. */
    private final Base64Segments segments;
    /** An encoded body read again as sent if its coding fails (plain sessions); else null. */
    private final UndecodableBodyFallback undecodable;
    /** The sequence of bodies this one continues, or null. */
    private final MessageSequence sequence;
    /**
     * The direction of the head this body is ({@code message/http}), else null: only some findings
     * of a head are reported ({@link HeadFields#reports}), and each says it came from the head
     * ({@link HeadFields#origin}).
     */
    private final Direction headOf;
    /** The body bytes inspected: the spec's own bound, else the limits'. */
    private final long maxInspectedBytes;
    private long fed;
    private boolean finished;
    private boolean overLimit;
    private InspectionResult result;

    InspectionSession(MatchEngine engine, InspectionLimits limits, HeldMemory memory, BodySpec spec) {
        this.limits = limits;
        this.maxInspectedBytes = maxInspectedBytes(spec, limits);
        this.sequence = spec.sequence();
        String contentEncoding = spec.contentEncoding();
        this.decoded = isEncoded(contentEncoding);
        this.outputEncoding = contentEncoding;
        this.rewriter = null;
        this.plan = RedactionPlan.NONE;
        this.verbatimOutput = null;
        this.decoding = outcomes.child();
        this.scan = newScan(engine, spec, new Recording());
        ParserContext ctx = new Context(scan, spec.protobuf(), spec.sequence(), limits, memory, outcomes,
                spec.direction() == Direction.REQUEST);
        ByteSink parser = BodyParsers.open(ctx, spec.contentType(), 0, null, 0);
        this.charset = BodyCharset.of(spec.contentType());
        this.reencoding = null;
        this.base64 = MediaKind.base64Text(spec.contentType());
        this.base64Output = null;
        this.segments = null;
        this.head = ContentDecoding.wrap(contentEncoding, textDecoding(charset == null ? parser : charset.decoder(parser)),
                limits, memory, decoding);
        this.headOf = headOf(spec);
        this.undecodable = decoded ? new UndecodableBodyFallback(limits.maxHeldBytes(), memory, () -> textDecoding(
                BodyCharset.decoding(spec.contentType(), BodyParsers.open(ctx, spec.contentType(), 0, null, 0))))
                : null;
    }

    InspectionSession(MatchEngine engine, InspectionLimits limits, HeldMemory memory, BodySpec spec,
                      RedactionPlan plan, BodyOutput out) {
        this.limits = limits;
        this.maxInspectedBytes = maxInspectedBytes(spec, limits);
        this.sequence = spec.sequence();
        String contentEncoding = spec.contentEncoding();
        this.decoded = isEncoded(contentEncoding);
        this.plan = plan;
        // Its output is the decoded body: a coding that fails leaves it cut short, for the front
        // end to refuse (outputComplete), not read again as sent.
        this.undecodable = null;
        this.headOf = headOf(spec);
        this.charset = BodyCharset.of(spec.contentType());
        // A body re-encoded to UTF-8 for inspection leaves in its own charset again, and base64
        // text as base64 text (a grpc-web-text body has no charset to keep).
        this.reencoding = charset == null ? null : new ReencodingOutput(out, charset);
        this.base64 = MediaKind.base64Text(spec.contentType());
        this.segments = base64 ? new Base64Segments() : null;
        this.base64Output = base64 ? new Base64Output(out, segments) : null;
        BodyOutput rewritten = base64Output != null ? base64Output : reencoding != null ? reencoding : out;
        StreamRewriter r = new StreamRewriter(rewritten, limits.maxHeldBytes(), memory, outcomes);
        this.scan = newScan(engine, spec, new Rewriting());
        ParserContext root = RewritingContext.root(scan, spec, limits, outcomes, r);
        ByteSink parser = root.open(spec.contentType(), 0, null, 0);
        this.decoding = outcomes.child();
        ByteSink tee = r.tee(parser);
        this.head = ContentDecoding.wrap(contentEncoding, textDecoding(charset == null ? tee : charset.decoder(tee)),
                limits, memory, decoding);
        if (decoding.outcome() == Outcome.UNSUPPORTED_ENCODING) {
            // Some coding cannot be undone: what the parser sees is not the body to forward, and
            // nothing in it can be replaced. It leaves as it came; the outcome tells the front end.
            r.detach();
            this.rewriter = null;
            this.verbatimOutput = out;
            this.outputEncoding = contentEncoding;
        } else {
            this.rewriter = r;
            this.verbatimOutput = null;
            this.outputEncoding = decoded ? IDENTITY : contentEncoding;
        }
    }

    /** The matcher's session; that of a sequence's next body knows what the bodies before found. */
    private static ScanSession newScan(MatchEngine engine, BodySpec spec, MatchListener listener) {
        return spec.sequence() == null ? engine.newSession(spec.direction(), listener)
                : engine.newSession(spec.direction(), listener, spec.sequence().nextBody());
    }

    /** {@code next} behind a base64 decoder when the body is base64 text of its messages; else {@code next}. */
    private ByteSink textDecoding(ByteSink next) {
        return base64 ? new Base64DecodingSink(next, segments) : next;
    }

    static boolean isEncoded(String contentEncoding) {
        return contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase(IDENTITY);
    }

    /**
     * The Content-Encoding of what this session writes to its {@link BodyOutput}, known at open:
     * {@link #IDENTITY} when a rewriting session decodes an encoded body (the front end then
     * drops Content-Encoding and Content-Length from the head), else the body's own (null when
     * it had none). A plain session writes nothing.
     */
    public String outputEncoding() {
        return outputEncoding;
    }

    /**
     * Whether a rewriting session's output is the whole body. False once a Content-Encoding
     * decoding stage stopped before the body's end (a decompression limit, corrupt data, a stream
     * cut short): the rest of the body cannot be written decoded, so the output lacks it, and the
     * front end must not end the body as if it were whole (it resets the stream instead). True for
     * a body forwarded verbatim (a coding that cannot be undone). A plain session answers for the
     * rewriting session a front end would open on the same body (a held body's second pass).
     */
    public boolean outputComplete() {
        Outcome o = decoding.outcome();
        return o == Outcome.COMPLETE || o == Outcome.UNSUPPORTED_ENCODING;
    }

    /** Feeds the next {@code len} body bytes as sent; borrowed for the call only. */
    public void feed(byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (verbatimOutput != null) {
            verbatimOutput.write(buf, off, len);
        }
        if (finished) {
            if (rewriter != null && result == null) {
                passUninspected(buf, off, len);
            }
            return;
        }
        long room = maxInspectedBytes - fed;
        int inspect = len;
        if (len > room) {
            // Recorded at the first byte past the limit, wherever the chunk boundaries fall: a
            // body whose limit ends a chunk is as over the limit as one whose limit splits it.
            if (!overLimit) {
                overLimit = true;
                outcomes.record(Outcome.INSPECTED_BYTES_LIMIT, "body longer than maxInspectedBytes="
                        + maxInspectedBytes);
            }
            inspect = (int) Math.max(0, room);
        }
        if (inspect > 0) {
            fed += inspect;
            try {
                writeHead(buf, off, inspect);
                scan.flush();
                if (rewriter != null) {
                    rewriter.release(scan.releaseFrontier());
                }
            } catch (RuntimeException e) {
                // Parsers and validators must not throw; if one does, fail safe and say so.
                outcomes.record(Outcome.PARSE_ERROR, "inspection error: " + e.getClass().getSimpleName());
                finished = true;
                endInspection();
            }
        }
        if (overLimit && rewriter != null) {
            endInspection();
            passUninspected(buf, off + inspect, len - inspect);
        }
    }

    /**
     * Inspection of a rewriting session stops early (the inspected-bytes limit, an inspection
     * error): the parser and matcher end, so every finding is final and applied, and later bytes
     * go out as they come (decoded, for an encoded body).
     */
    private void endInspection() {
        if (rewriter == null || !finished && !overLimit) {
            return;
        }
        try {
            rewriter.stopParsing();
            scan.close();
            rewriter.finish();
        } catch (RuntimeException e) {
            outcomes.record(Outcome.PARSE_ERROR, "inspection error: " + e.getClass().getSimpleName());
        }
        finished = true;
    }

    /** The next inspected wire bytes: decoded, or, once the body's coding failed, read as sent. */
    private void writeHead(byte[] buf, int off, int len) {
        if (undecodable == null) {
            head.write(buf, off, len);
            return;
        }
        if (undecodable.active()) {
            undecodable.write(buf, off, len);
            return;
        }
        undecodable.keep(buf, off, len);
        head.write(buf, off, len);
        readAsSentIfCodingFailed();
    }

    /** The body's coding failed: what was kept is read again as sent, and what follows too. */
    private void readAsSentIfCodingFailed() {
        if (decoding.outcome() == Outcome.DECODING_ERROR) {
            undecodable.start();
        }
    }

    private void passUninspected(byte[] buf, int off, int len) {
        if (len > 0) {
            try {
                head.write(buf, off, len);
            } catch (RuntimeException e) {
                outcomes.record(Outcome.PARSE_ERROR, "inspection error: " + e.getClass().getSimpleName());
            }
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
            if (undecodable != null) {
                readAsSentIfCodingFailed();
                undecodable.end();
            }
        } catch (RuntimeException e) {
            outcomes.record(Outcome.PARSE_ERROR, "inspection error: " + e.getClass().getSimpleName());
        } finally {
            scan.close();
            if (undecodable != null) {
                undecodable.release();
            }
        }
        if (rewriter != null) {
            try {
                rewriter.finish();
                if (reencoding != null) {
                    reencoding.finish();
                }
                if (base64Output != null) {
                    base64Output.finish();
                }
            } catch (RuntimeException e) {
                outcomes.record(Outcome.PARSE_ERROR, "rewriting error: " + e.getClass().getSimpleName());
            }
        }
        if (scan.droppedFindings() > 0) {
            outcomes.record(Outcome.FINDINGS_LIMIT, scan.droppedFindings() + " findings or candidates past the per-body "
                    + "maximum were counted, not kept");
        }
        findings.sort(Comparator.comparingLong(Finding::start).thenComparingLong(Finding::end));
        if (sequence != null) {
            long reach = fed;
            for (Finding f : findings) {
                reach = Math.max(reach, f.end());
            }
            sequence.bodyEnded(reach);
        }
        result = new InspectionResult(findings, outcomes.outcome(), outcomes.detail(), fed,
                rewriter == null ? 0 : rewriter.redactedValues());
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

    private Finding onMatch(Match m) {
        Finding f = toFinding(m);
        if (headOf == null || HeadFields.reports(f, headOf)) {
            findings.add(f);
        }
        return f;
    }

    private Finding toFinding(Match m) {
        return new Finding(m.id(), m.category(), m.start(), m.end(), m.path(), m.key(), m.preview(),
                m.valueHash(), decoded || base64 || charset != null && charset.charset() != null,
                headOf != null ? HeadFields.origin(headOf) : m.origin());
    }

    private static long maxInspectedBytes(BodySpec spec, InspectionLimits limits) {
        return spec.maxInspectedBytes() > 0 ? spec.maxInspectedBytes() : limits.maxInspectedBytes();
    }

    private static Direction headOf(BodySpec spec) {
        return MediaKind.of(spec.contentType()) == MediaKind.HTTP_HEAD ? spec.direction() : null;
    }

    /** A finding given earlier, that a longer match across joined values replaced, is dropped. */
    private void onSuperseded(Detector detector, long start) {
        findings.removeIf(f -> f.start() == start && f.id().equals(detector.id()));
    }

    /** Findings of a session that only inspects: recorded. */
    private final class Recording implements MatchListener {
        @Override
        public void onMatch(Match match) {
            InspectionSession.this.onMatch(match);
        }

        @Override
        public void onSuperseded(Detector detector, long start) {
            InspectionSession.this.onSuperseded(detector, start);
        }
    }

    /** Findings of a rewriting session: recorded, then masked when the plan says so. */
    private final class Rewriting implements RewritingMatchListener {
        @Override
        public void onSuperseded(Detector detector, long start) {
            InspectionSession.this.onSuperseded(detector, start);
        }

        @Override
        public void onMatch(Match match, long valueIndex, int offsetInValue, byte[] value) {
            mask(InspectionSession.this.onMatch(match), valueIndex, offsetInValue, value);
        }

        /** An earlier value's part of a finding that crosses values: masked where held, if the plan masks it. */
        @Override
        public void onReplayedPart(Match match, long wireStart, long wireEnd) {
            if (rewriter != null && plan.maskFor(toFinding(match)) != null) {
                rewriter.maskHeld(wireStart, wireEnd);
            }
        }

        /** Not a finding of its own (it was recorded as it first matched), but masked where the plan masks it. */
        @Override
        public void onContinuation(Match match, long valueIndex, int offsetInValue, byte[] value) {
            mask(toFinding(match), valueIndex, offsetInValue, value);
        }

        private void mask(Finding f, long valueIndex, int offsetInValue, byte[] value) {
            if (rewriter == null) {
                return;
            }
            ValueMask mask = plan.maskFor(f);
            if (mask != null) {
                rewriter.redact(f, valueIndex, offsetInValue, value.length, mask.apply(value, 0, value.length));
            }
        }
    }

    /** Parsers of this session: values go to the matcher, embedded bodies get parsers of their own. */
    private record Context(dev.sluice.matchers.ValueSink sink, ProtobufSpec protobuf, MessageSequence sequence,
                           InspectionLimits limits, HeldMemory heldMemory, OutcomeRecorder outcomes, boolean readsNames)
            implements ParserContext {
        /** A request's body: the session reads names exactly when it reads a request. */
        @Override
        public boolean guessesForms() {
            return readsNames;
        }

        @Override
        public ByteSink open(String contentType, long baseOffset, String name, int depth) {
            return BodyParsers.open(this, contentType, baseOffset, name, depth);
        }
    }
}
