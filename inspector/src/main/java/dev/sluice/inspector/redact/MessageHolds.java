package dev.sluice.inspector.redact;

import dev.sluice.grpc.edit.MessageEditor;
import dev.sluice.grpc.edit.ValueEdit;
import dev.sluice.inspector.HeldMemory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The protobuf messages of a rewriting session that are held until every finding in them is
 * final: where each frame lies, the value ranges the walker reported (by value index), the
 * decoded message and the edits asked for. A message with edits is re-encoded whole by
 * {@link MessageEditor} (every enclosing length prefix and the frame length change); one
 * without leaves as it came, compressed or not. Each held message is bounded by the session's
 * maxMessageBytes, and their bytes on the wire by maxHeldBytes; their decoded copies (a
 * compressed message's can be far larger than its frame) are charged to the process's
 * {@link HeldMemory}. A message refused its copy's charge is not copied: it stays held in order
 * (its bytes still lie among the held ones) and leaves as it came, its edits lost.
 */
final class MessageHolds {
    /** One message from its start until it is released. */
    static final class Hold {
        final long frameStart;
        final boolean framed;
        /** Where the payload's first byte is on the wire; -1 for a compressed message. */
        final long payloadStart;
        long frameEnd = -1;
        long firstValue = -1;
        int[] valueStart = new int[8];
        int[] valueEnd = new int[8];
        /** Values decoded out of another (base64, gzip): a finding in one replaces all of it. */
        boolean[] whole = new boolean[8];
        int values;
        /** The message as decoded, kept to re-encode it with its edits; null when there was no room to keep it. */
        byte[] decoded;
        final List<ValueEdit> edits = new ArrayList<>();

        Hold(long frameStart, boolean framed, long payloadStart) {
            this.frameStart = frameStart;
            this.framed = framed;
            this.payloadStart = payloadStart;
        }

        boolean complete() {
            return frameEnd >= 0;
        }

        boolean holdsValue(long index) {
            return firstValue >= 0 && index >= firstValue && index < firstValue + values;
        }

        @Override
        public String toString() {
            return "Hold[" + frameStart + ".." + frameEnd + ", values=" + values + ", edits=" + edits.size() + "]";
        }
    }

    private final ArrayDeque<Hold> holds = new ArrayDeque<>();
    private final HeldMemory.Account memory;
    /** The decoded copies' bytes, all held messages together. */
    private long decodedBytes;
    private Hold current;

    MessageHolds(HeldMemory memory) {
        this.memory = memory.account(this);
    }

    void start(long frameStart, boolean framed, long payloadStart) {
        current = new Hold(frameStart, framed, payloadStart);
        holds.addLast(current);
    }

    /** The message now being reported is not held: its values and end are ignored. */
    void skipCurrent() {
        current = null;
    }

    /** @param whole the value is decoded out of {@code [start, end)}: an edit in it replaces all of that */
    void value(long index, int start, int end, boolean whole) {
        Hold h = current;
        if (h == null) {
            return;
        }
        if (h.firstValue < 0) {
            h.firstValue = index;
        }
        if (h.values == h.valueStart.length) {
            h.valueStart = Arrays.copyOf(h.valueStart, h.values * 2);
            h.valueEnd = Arrays.copyOf(h.valueEnd, h.values * 2);
            h.whole = Arrays.copyOf(h.whole, h.values * 2);
        }
        h.valueStart[h.values] = start;
        h.valueEnd[h.values] = end;
        h.whole[h.values] = whole;
        h.values++;
    }

    /**
     * The current message ended at {@code frameEnd}, its decoded bytes {@code buf[off, off + len)}.
     * False when the process's held memory had no room to keep a copy of them: the message will
     * leave as it came ({@link Hold#decoded} stays null).
     */
    boolean end(long frameEnd, byte[] buf, int off, int len) {
        Hold h = current;
        current = null;
        if (h == null) {
            return true;
        }
        h.frameEnd = frameEnd;
        if (h.values == 0) {
            holds.remove(h); // nothing in it can be found: it leaves as it came
            return true;
        }
        if (!memory.holds(decodedBytes + len)) {
            return false;
        }
        h.decoded = Arrays.copyOfRange(buf, off, off + len);
        decodedBytes += len;
        return true;
    }

    /**
     * Asks for a replacement of the finding at wire bytes {@code [wireStart, wireEnd)} of value
     * {@code index}, which are {@code length} decoded bytes at {@code offsetInValue}: its wire
     * bytes where the value has them (an uncompressed message), else its decoded ones. False
     * when no held message has that value.
     */
    boolean edit(long index, int offsetInValue, int length, long wireStart, long wireEnd, byte[] replacement) {
        for (Hold h : holds) {
            if (h.holdsValue(index)) {
                int k = (int) (index - h.firstValue);
                int vs = h.valueStart[k];
                int ve = h.valueEnd[k];
                long onWire = h.payloadStart < 0 ? -1 : h.payloadStart + vs;
                boolean byWire = onWire >= 0 && wireStart >= onWire && wireEnd > wireStart;
                int from = h.whole[k] ? vs : Math.min(ve, vs + (byWire ? (int) (wireStart - onWire) : offsetInValue));
                int to = h.whole[k] ? ve : Math.min(ve, from + (byWire ? (int) (wireEnd - wireStart) : length));
                h.edits.add(ValueEdit.replaceRange(vs, ve, from, to, replacement));
                return true;
            }
        }
        return false;
    }

    /** The oldest message still held, or null. */
    Hold first() {
        return holds.peekFirst();
    }

    void removeFirst() {
        Hold h = holds.pollFirst();
        if (h != null && h.decoded != null) {
            decodedBytes -= h.decoded.length;
            memory.holds(decodedBytes);
        }
    }

    /** Forgets every held message (they leave as they came); returns how many edits were lost. */
    int clear() {
        int lost = 0;
        for (Hold h : holds) {
            lost += h.edits.size();
        }
        holds.clear();
        current = null;
        decodedBytes = 0;
        memory.release();
        return lost;
    }

    /**
     * The re-encoded frame (or raw message) of a complete hold with edits; null when the edits do
     * not fit the message's structure, which only a parser bug can cause.
     */
    static byte[] rewrite(Hold h) {
        List<ValueEdit> merged = merge(h.edits);
        try {
            return h.framed ? MessageEditor.editFrame(h.decoded, 0, h.decoded.length, merged)
                    : MessageEditor.edit(h.decoded, 0, h.decoded.length, merged);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        } finally {
            Arrays.fill(h.decoded, (byte) 0);
        }
    }

    /** Overlapping edits of one value (two findings in one string) become one over their union. */
    private static List<ValueEdit> merge(List<ValueEdit> edits) {
        List<ValueEdit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> a.from() != b.from() ? Integer.compare(a.from(), b.from()) : Integer.compare(a.to(), b.to()));
        List<ValueEdit> out = new ArrayList<>(sorted.size());
        for (ValueEdit e : sorted) {
            ValueEdit last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && e.from() < last.to()) {
                boolean wider = e.to() - e.from() > last.to() - last.from();
                out.set(out.size() - 1, ValueEdit.replaceRange(last.valueStart(), last.valueEnd(), last.from(),
                        Math.max(last.to(), e.to()), wider ? e.replacement() : last.replacement()));
            } else {
                out.add(e);
            }
        }
        return out;
    }
}
