package dev.sluice.inspector.json;

import dev.sluice.inspector.ByteSink;

/**
 * A JSON text sequence (RFC 7464, {@code application/json-seq}) begins each text with a record
 * separator (0x1E), which JSON itself does not allow. The JSON parser behind is given a space in
 * its place: the same length, so every offset stands, and a separator can only sit between texts
 * (inside a string JSON needs it escaped). Chunks without one pass as they are.
 */
public final class RecordSeparators implements ByteSink {
    private static final byte RS = 0x1E;
    private final ByteSink json;
    private byte[] copy = new byte[0];

    public RecordSeparators(ByteSink json) {
        this.json = json;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int first = indexOfSeparator(buf, off, off + len);
        if (first < 0) {
            json.write(buf, off, len);
            return;
        }
        if (copy.length < len) {
            copy = new byte[len];
        }
        System.arraycopy(buf, off, copy, 0, len);
        for (int i = first - off; i < len; i++) {
            if (copy[i] == RS) {
                copy[i] = ' ';
            }
        }
        json.write(copy, 0, len);
    }

    @Override
    public void end() {
        json.end();
    }

    private static int indexOfSeparator(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == RS) {
                return i;
            }
        }
        return -1;
    }
}
