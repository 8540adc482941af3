package dev.sluice.inspector.redact;

import dev.sluice.inspector.ValueSyntax;
import dev.sluice.matchers.RingArrays;

/**
 * What a rewriter knows about the values of its body, by value index (the order parsers began
 * them, which is the matcher's order too): each one's syntax and its wire span, and how far the
 * parsers have got, which no later value can start before. Entries behind the released offset
 * are forgotten, so the ledger is bounded by the held bytes.
 */
final class ValueLedger {
    private ValueSyntax[] syntax = new ValueSyntax[16];
    private long[] wireStart = new long[16];
    private long[] wireEnd = new long[16];
    /** Index of the value in slot {@code head}. */
    private long first;
    private int head;
    private int size;
    /** No value begun later starts before this. */
    private long floor;

    /** Records a value beginning; returns its index. */
    long begin(ValueSyntax s) {
        if (size == syntax.length) {
            grow();
        }
        int i = slot(size);
        syntax[i] = s;
        wireStart[i] = -1;
        wireEnd[i] = -1;
        size++;
        return first + size - 1;
    }

    /** The value begun last covers wire bytes {@code [start, end)} too. */
    void extend(long start, long end) {
        if (size == 0) {
            return;
        }
        int i = slot(size - 1);
        if (wireStart[i] < 0 || start < wireStart[i]) {
            wireStart[i] = start;
        }
        wireEnd[i] = Math.max(wireEnd[i], end);
        floor = Math.max(floor, end);
    }

    /** The parsers are past {@code offset}: no value starts before it. */
    void consumedTo(long offset) {
        floor = Math.max(floor, offset);
    }

    /** The lowest wire offset a value not yet begun could start at. */
    long floor() {
        return floor;
    }

    /** The index the next value will get. */
    long nextIndex() {
        return first + size;
    }

    boolean holds(long index) {
        return index >= first && index < first + size;
    }

    ValueSyntax syntax(long index) {
        return syntax[slot((int) (index - first))];
    }

    long wireStart(long index) {
        return wireStart[slot((int) (index - first))];
    }

    long wireEnd(long index) {
        return wireEnd[slot((int) (index - first))];
    }

    /** Forgets the values wholly before {@code released}; the newest stays. */
    void forgetBefore(long released) {
        while (size > 1) {
            int i = slot(0);
            if (wireEnd[i] > released) {
                break;
            }
            syntax[i] = null;
            head = (head + 1) % syntax.length;
            first++;
            size--;
        }
    }

    private int slot(int k) {
        return (head + k) % syntax.length;
    }

    private void grow() {
        int n = syntax.length * 2;
        syntax = RingArrays.unroll(syntax, head, size, n);
        wireStart = RingArrays.unroll(wireStart, head, size, n);
        wireEnd = RingArrays.unroll(wireEnd, head, size, n);
        head = 0;
    }

    @Override
    public String toString() {
        return "ValueLedger[" + first + "+" + size + ", floor=" + floor + "]";
    }

}
