package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import java.io.ByteArrayOutputStream;

/** Test sink: keeps what it is given (up to a cap), counts bytes and end() calls, checks the contract. */
final class CollectingSink implements ByteSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long keepAtMost;
    private long delivered;
    private int ends;
    private boolean writeAfterEnd;

    CollectingSink() {
        this(Long.MAX_VALUE);
    }

    /** A sink that only counts beyond {@code keepAtMost} bytes, for bombs. */
    CollectingSink(long keepAtMost) {
        this.keepAtMost = keepAtMost;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (ends > 0) {
            writeAfterEnd = true;
        }
        if (len <= 0) {
            throw new AssertionError("empty write " + len);
        }
        long keep = Math.min(len, Math.max(0, keepAtMost - delivered));
        bytes.write(buf, off, (int) keep);
        delivered += len;
    }

    @Override
    public void end() {
        ends++;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    long delivered() {
        return delivered;
    }

    int ends() {
        return ends;
    }

    boolean wroteAfterEnd() {
        return writeAfterEnd;
    }
}
