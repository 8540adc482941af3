package dev.sluice.inspector.redact;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.MessageLayout;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.matchers.ValueSink;

/**
 * The rewriting half of a rewriting inspection session. It sits where the parser takes its
 * input (after Content-Encoding decoding, so offsets are the findings' offsets), holds every
 * byte a pending finding could still cover, and releases the rest to the {@link BodyOutput}
 * with the replacements of final findings spliced in.
 *
 * <p>How far it may release is the lowest of: how far the parsers have got (no value begins
 * before it, {@link ValueLedger#floor()}); the matcher's release frontier (no finding not yet
 * final starts before it); and the start of the oldest protobuf message still held
 * ({@link MessageHolds}). Each is a position in the body and never depends on chunk boundaries,
 * so any chunking gives the same output.
 *
 * <p>Limit: more than {@code maxHeldBytes} held after a chunk, or more than the process's
 * {@link HeldMemory} lets it keep, releases everything ({@link Outcome#HELD_BYTES_LIMIT}); a finding that then starts in released bytes cannot be
 * redacted and is counted in {@link #missedValues()}.
 */
public final class StreamRewriter implements MessageLayout {
    private final BodyOutput out;
    private final long maxHeldBytes;
    private final OutcomeRecorder outcomes;
    private final HeldMemory memory;
    private final HeldBytes held;
    private final PendingEdits edits = new PendingEdits();
    private final ValueLedger ledger = new ValueLedger();
    private final MessageHolds messages;
    private ByteSink parser;
    private boolean parsing = true;
    /** Detached: only parses; the body goes out some other way and nothing is replaced. */
    private boolean detached;
    /** Body bytes from here on stay held ({@link #holdFrom}). */
    private long holdMark = Long.MAX_VALUE;
    private int redacted;
    private int missed;

    public StreamRewriter(BodyOutput out, long maxHeldBytes, HeldMemory memory, OutcomeRecorder outcomes) {
        this.out = out;
        this.maxHeldBytes = maxHeldBytes;
        this.memory = memory;
        this.held = new HeldBytes(memory);
        this.messages = new MessageHolds(memory);
        this.outcomes = outcomes;
    }

    /** What this rewriting, and the parsers of its body, charge what they hold to. */
    public HeldMemory heldMemory() {
        return memory;
    }

    /** The sink to put before {@code parser}: it keeps each byte, then parses it. */
    public ByteSink tee(ByteSink parser) {
        this.parser = parser;
        return new ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) {
                if (detached) {
                    parser.write(buf, off, len);
                    return;
                }
                if (!parsing) {
                    released(buf, off, len);
                    return;
                }
                held.append(buf, off, len);
                parser.write(buf, off, len);
            }

            @Override
            public void end() {
                if (detached) {
                    parser.end();
                } else {
                    stopParsing();
                }
            }
        };
    }

    private void released(byte[] buf, int off, int len) {
        if (held.size() > 0) {
            held.append(buf, off, len);
            release(Long.MAX_VALUE);
        } else if (len > 0) {
            out.write(buf, off, len);
        }
    }

    /** From now on only parses: the session forwards the body as it came, so nothing is held or replaced. */
    public void detach() {
        detached = true;
    }

    /** The matcher's sink as a parser of values in {@code syntax} should see it. */
    public ValueSink tap(ValueSink scan, ValueSyntax syntax) {
        return new ValueTap(scan, syntax, ledger);
    }

    /**
     * Holds body bytes from {@code offset} on (streamed text a finding across events could still
     * cover) until a later call moves the mark; {@link #finish} releases them all. Past
     * maxHeldBytes everything is released as usual.
     */
    public void holdFrom(long offset) {
        holdMark = offset;
    }

    /** A parser is past {@code offset}: no value begins before it. */
    public void consumedTo(long offset) {
        ledger.consumedTo(offset);
    }

    /**
     * A final finding whose value the plan replaces with {@code replacement} (the mask's output
     * for its {@code decodedLength} decoded bytes). Returns false when its bytes already left.
     */
    public boolean redact(Finding f, long valueIndex, int offsetInValue, int decodedLength, byte[] replacement) {
        if (detached) {
            return false;
        }
        if (ledger.holds(valueIndex) && ledger.syntax(valueIndex).kind() == ValueSyntax.Kind.PROTOBUF
                && messages.edit(valueIndex, offsetInValue, decodedLength, f.start(), f.end(),
                Replacements.encode(ValueSyntax.PROTOBUF, replacement, decodedLength))) {
            return true;
        }
        ValueSyntax syntax = ledger.holds(valueIndex) ? ledger.syntax(valueIndex) : ValueSyntax.BINARY;
        long start = f.start();
        long end = f.end();
        if (startsBeforeItsValue(syntax, valueIndex, start)) {
            // It began in bytes replayed from an earlier value (that part is masked where still
            // held, maskHeld): this value's part gets a * for every byte of it.
            start = ledger.wireStart(valueIndex);
            replacement = Replacements.stars(end - start);
        } else if (syntax.kind() == ValueSyntax.Kind.JSON_NUMBER && ledger.wireStart(valueIndex) >= 0) {
            start = Math.min(start, ledger.wireStart(valueIndex));
            end = Math.max(end, ledger.wireEnd(valueIndex));
        } else if (syntax.kind() == ValueSyntax.Kind.PROTOBUF) {
            syntax = ValueSyntax.BINARY; // a message no longer held: keep its lengths
        }
        if (!holds(start, end)) {
            missed++;
            return false;
        }
        edits.add(start, end, Replacements.encode(syntax, replacement, end - start));
        redacted++;
        return true;
    }

    /**
     * Masks wire bytes {@code [start, end)} of an earlier value that hold part of a finding made
     * across values (a JSON string's bytes, so a {@code *} per wire byte keeps it valid), if the
     * body still holds them (those that already left stay as they were).
     */
    public void maskHeld(long start, long end) {
        if (!detached && holds(start, end)) {
            edits.add(start, end, Replacements.stars(end - start));
        }
    }

    /** Whether wire bytes {@code [start, end)} are all here and none has left. */
    private boolean holds(long start, long end) {
        return start >= held.released() && end <= held.received() && end > start;
    }

    /** A text or JSON string finding that starts before its value's own first byte (ValueSink#context). */
    private boolean startsBeforeItsValue(ValueSyntax syntax, long valueIndex, long start) {
        return (syntax.kind() == ValueSyntax.Kind.TEXT || syntax.kind() == ValueSyntax.Kind.JSON_STRING)
                && ledger.wireStart(valueIndex) > start;
    }

    /**
     * Releases what no pending finding can cover any more; {@code frontier} is the matcher's
     * release frontier after its flush. Past maxHeldBytes, releases everything.
     */
    public void release(long frontier) {
        long safe = Math.min(Math.min(frontier, ledger.floor()), holdMark);
        releaseTo(safe);
        if (held.size() > maxHeldBytes || held.overMemory()) {
            outcomes.record(Outcome.HELD_BYTES_LIMIT, (held.overMemory()
                    ? "the process's held memory is full (" + held.size() + " bytes held for redaction)"
                    : "more than maxHeldBytes=" + maxHeldBytes + " held for redaction") + "; released unredacted");
            missed += messages.clear();
            releaseTo(held.received());
        }
    }

    /** Inspection stopped early (a limit): whatever is final is applied, and the rest passes as it comes. */
    public void stopParsing() {
        if (parsing) {
            parsing = false;
            parser.end();
        }
    }

    /** The body ended and every finding is final: releases the rest. */
    public void finish() {
        try {
            releaseTo(held.received());
            missed += messages.clear();
            releaseTo(held.received());
        } finally {
            held.releaseMemory();
        }
    }

    /** Values replaced in the output so far. */
    public int redactedValues() {
        return redacted;
    }

    /** Findings the plan gave a mask for that could not be redacted (their bytes had left). */
    public int missedValues() {
        return missed;
    }

    private void releaseTo(long safe) {
        safe = Math.min(safe, held.received());
        MessageHolds.Hold h;
        while ((h = messages.first()) != null && h.complete() && h.frameEnd <= safe) {
            messages.removeFirst();
            finishMessage(h);
        }
        if (h != null) {
            safe = Math.min(safe, h.frameStart);
        }
        while (held.released() < safe) {
            PendingEdits.Edit e = edits.first();
            if (e == null || e.start() >= safe) {
                held.release(safe, out);
                break;
            }
            held.release(e.start(), out);
            if (e.end() > safe) {
                break; // its span is not all here or not all final: wait
            }
            out.write(e.replacement(), 0, e.replacement().length);
            held.skip(e.end());
            edits.removeFirst();
        }
        ledger.forgetBefore(held.released());
    }

    private void finishMessage(MessageHolds.Hold h) {
        if (h.edits.isEmpty()) {
            return;
        }
        if (h.decoded == null) {
            missed += h.edits.size(); // no room was left to keep it for re-encoding (messageEnd)
            return;
        }
        byte[] frame = MessageHolds.rewrite(h);
        if (frame == null) {
            missed += h.edits.size();
            outcomes.record(Outcome.PARSE_ERROR, "protobuf message at byte " + h.frameStart + " could not be re-encoded");
            return;
        }
        edits.add(h.frameStart, h.frameEnd, frame);
        redacted += h.edits.size();
    }

    // ---------------------------------------------------------------- MessageLayout

    @Override
    public void messageStart(long frameStart, boolean framed, long payloadStart) {
        if (frameStart < held.released()) {
            // The parser reports a message once it has all of it; past maxHeldBytes its start
            // has already left, so it cannot be re-sent whole: it leaves as it came, and a value
            // in its unreleased tail can still be replaced in place at its own length.
            messages.skipCurrent();
            return;
        }
        messages.start(frameStart, framed, payloadStart);
    }

    @Override
    public void value(int startInMessage, int endInMessage) {
        messages.value(ledger.nextIndex(), startInMessage, endInMessage, false);
    }

    @Override
    public void decodedValue(int startInMessage, int endInMessage) {
        messages.value(ledger.nextIndex(), startInMessage, endInMessage, true);
    }

    @Override
    public void messageEnd(long frameEnd, byte[] buf, int off, int len) {
        if (!messages.end(frameEnd, buf, off, len)) {
            outcomes.record(Outcome.HELD_BYTES_LIMIT, "the process's held memory has no room for the decoded message"
                    + " ending at byte " + frameEnd + "; it leaves unredacted");
        }
        ledger.consumedTo(frameEnd);
    }
}
