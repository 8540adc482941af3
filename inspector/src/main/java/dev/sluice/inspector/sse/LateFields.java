package dev.sluice.inspector.sse;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The field and comment lines of an event that come after its data has begun
 * ({@code data: {…}} then {@code id: …} or {@code : debug …}): a value cannot begin while the
 * data's may still be open, so their bytes wait, with their wire offsets, and become text values
 * of their own once the event's data is over; lines another data line follows are inside the
 * data's span and are not ({@link #discard}). At most {@value #MAX_BYTES} bytes per event; the
 * rest of them is not inspected and the caller says so.
 */
final class LateFields {
    static final int MAX_BYTES = 4096;

    /** One line's value: the field's name (null for a comment) and where its bytes start. */
    private record Line(String name, long wireStart, int from, int length) {
    }

    private final List<Line> lines = new ArrayList<>();
    private byte[] bytes = new byte[256];
    private int length;
    private String name;
    private long wireStart = -1;
    private int lineFrom;
    private boolean dropped;

    /** Bytes of the current line's value, from wire offset {@code wire}; past the bound they are dropped. */
    void add(String lineName, byte[] buf, int off, int len, long wire) {
        if (wireStart < 0) {
            name = lineName;
            wireStart = wire;
            lineFrom = length;
        }
        int n = Math.min(len, MAX_BYTES - length);
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(MAX_BYTES, Math.max(2 * bytes.length, length + n)));
        }
        System.arraycopy(buf, off, bytes, length, n);
        length += n;
        dropped |= n < len;
    }

    /** The current line ended. */
    void endLine() {
        if (wireStart >= 0 && length > lineFrom) {
            lines.add(new Line(name, wireStart, lineFrom, length - lineFrom));
        }
        wireStart = -1;
    }

    /**
     * Forgets the lines waiting: a data line follows them, so they stand inside the data's span
     * (read there as the bytes between two data lines) and, values never going back on the
     * wire, cannot be values of their own.
     */
    void discard() {
        lines.clear();
        length = 0;
        wireStart = -1;
        dropped = false;
    }

    /** Wire offset of the first byte waiting, or {@code Long.MAX_VALUE}: no value starts before it yet. */
    long firstWire() {
        return !lines.isEmpty() ? lines.getFirst().wireStart() : wireStart >= 0 ? wireStart : Long.MAX_VALUE;
    }

    /** Whether bytes were left out since the last {@link #emitTo}. */
    boolean dropped() {
        return dropped;
    }

    /** Each waiting line becomes a text value whose parent key is its field's name; then all is forgotten. */
    void emitTo(ValueSink sink, FieldContext context) {
        endLine();
        for (Line line : lines) {
            context.clear().parentKey(line.name());
            sink.beginValue(context);
            sink.verbatim(bytes, line.from(), line.length(), line.wireStart());
            sink.endValue();
        }
        lines.clear();
        length = 0;
        dropped = false;
    }
}
