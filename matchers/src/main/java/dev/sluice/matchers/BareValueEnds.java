package dev.sluice.matchers;

/**
 * Finds the byte that ends a bare value ({@link KeyAnchors#isValueDelimiter}) for the captures
 * of one session, remembering the stretch of the window it last read: captures that start
 * within that stretch share its answer instead of reading it again. A body of
 * {@code password=password=…} opens a capture at every {@code =}, and each one read up to
 * {@link ScanSession#KEY_VALUE_MAX} bytes ahead: 28 reads of every byte, two thirds of the time
 * of such a body. A position's byte never changes while the window holds it, so what was read
 * stays true. One per session; not thread-safe.
 */
final class BareValueEnds {
    /** The stretch read last: no delimiter in {@code [from, to)}; {@code found}: the delimiter at {@code to}, or -1 when it was not reached. */
    private long from = -1;
    private long to = -1;
    private long found = -1;

    /** The first delimiter in {@code [q, limit)} of {@code window}, or {@code limit} when there is none. */
    long next(DecodedWindow window, long q, long limit) {
        if (from >= 0 && q >= from) {
            if (found >= 0 && q <= found) {
                return Math.min(found, limit);
            }
            if (found < 0 && q <= to) {
                return read(window, to, limit);
            }
        }
        from = q;
        to = q;
        found = -1;
        return read(window, q, limit);
    }

    /** Reads on from {@code p} (the bytes from {@link #from} to it hold no delimiter) up to {@code limit}. */
    private long read(DecodedWindow window, long p, long limit) {
        while (p < limit && !KeyAnchors.isValueDelimiter(window.at(p))) {
            p++;
        }
        if (p < limit) {
            found = p;
            to = p;
            return p;
        }
        to = Math.max(to, limit);
        return limit;
    }
}
