package dev.sluice.grpc.wire;

/**
 * A cursor over protobuf wire-format bytes ({@code byte[]}, a start and an exclusive limit). It
 * reads tags, varints and lengths and skips fields; malformed input is answered by a
 * {@code false} or {@code -1} result, never an exception, so hostile bytes cost no stack trace.
 *
 * <p>Varints are read as the reference runtime ({@code CodedInputStream}) reads them: tags and
 * lengths as 32-bit varints that may run to 10 bytes, the bits above 32 discarded; other varints
 * up to 10 bytes. Reading exactly as the server will keeps a walker and the service from seeing
 * two different messages in the same bytes.
 *
 * <p>Not thread-safe; one per walker, reused through {@link #reset}.
 */
public final class WireReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;
    /** Field numbers run from 1 to 2^29 - 1 (protobuf language guide, "Assigning Field Numbers"). */
    public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_VARINT_BYTES = 10;

    private byte[] buf = EMPTY;
    private int pos;
    private int limit;
    private int fieldNumber;
    private int wireType;
    private long lastVarint;
    private int tagStart;

    /** Points the cursor at {@code buf[pos, limit)}; the array is borrowed, not copied. */
    public WireReader reset(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        return this;
    }

    /** Drops the borrowed array so the reader does not keep a body alive. */
    public void release() {
        this.buf = EMPTY;
        this.pos = 0;
        this.limit = 0;
    }

    public int pos() {
        return pos;
    }

    public void pos(int pos) {
        this.pos = pos;
    }

    public int limit() {
        return limit;
    }

    /** Narrows or widens the readable region; the caller saves and restores it around a sub-region. */
    public void limit(int limit) {
        this.limit = limit;
    }

    public boolean atEnd() {
        return pos >= limit;
    }

    /** Field number of the last tag read by {@link #readTag}. */
    public int fieldNumber() {
        return fieldNumber;
    }

    /** Where the last tag read by {@link #readTag} began; after {@link #skipGroup}, its end tag. */
    public int tagStart() {
        return tagStart;
    }

    /** Wire type of the last tag read by {@link #readTag}. */
    public int wireType() {
        return wireType;
    }

    /**
     * Reads a tag. False when it is malformed: a bad varint, field number 0 or above
     * {@link #MAX_FIELD_NUMBER}, or wire type 6 or 7; the position is then unspecified.
     */
    public boolean readTag() {
        tagStart = pos;
        long tag = readVarint32();
        if (tag < 0) {
            return false;
        }
        int type = (int) (tag & 7);
        long number = tag >>> 3;
        if (type > FIXED32 || number == 0 || number > MAX_FIELD_NUMBER) {
            return false;
        }
        this.wireType = type;
        this.fieldNumber = (int) number;
        return true;
    }

    /**
     * Reads the length prefix of a length-delimited field and checks it against the bytes left.
     * Returns the length, or -1 when the varint is bad, negative as an int32, or runs past the limit.
     */
    public int readLength() {
        long raw = readVarint32();
        if (raw < 0) {
            return -1;
        }
        int len = (int) raw;
        if (len < 0 || len > limit - pos) {
            return -1;
        }
        return len;
    }

    /**
     * Reads a varint of up to 10 bytes into {@link #lastVarint()}. False when it is truncated or
     * longer.
     */
    public boolean readVarint() {
        long result = 0;
        int p = pos;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                return false;
            }
            byte b = buf[p++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                pos = p;
                lastVarint = result;
                return true;
            }
        }
        return false;
    }

    /** The value of the last successful {@link #readVarint}. */
    public long lastVarint() {
        return lastVarint;
    }

    /**
     * Skips the value of a field whose tag was just read. Groups are skipped through their
     * matching end tag, nested at most {@code maxGroupDepth} deep. False on malformed input.
     */
    public boolean skipValue(int type, int number, int maxGroupDepth) {
        switch (type) {
            case VARINT:
                return readVarint();
            case FIXED64:
                return skipBytes(8);
            case FIXED32:
                return skipBytes(4);
            case LEN: {
                int len = readLength();
                if (len < 0) {
                    return false;
                }
                pos += len;
                return true;
            }
            case START_GROUP:
                return skipGroup(number, maxGroupDepth);
            default:
                return false;
        }
    }

    /**
     * Skips the content of a group after its start tag, through the end tag carrying
     * {@code number}. False on malformed input, a mismatched end tag or more than
     * {@code maxDepth} nested groups.
     */
    public boolean skipGroup(int number, int maxDepth) {
        if (maxDepth <= 0) {
            return false;
        }
        while (pos < limit) {
            if (!readTag()) {
                return false;
            }
            if (wireType == END_GROUP) {
                return fieldNumber == number;
            }
            if (!skipValue(wireType, fieldNumber, maxDepth - 1)) {
                return false;
            }
        }
        return false;
    }

    /**
     * Reads fields up to the limit without looking into length-delimited payloads. True when they
     * parse completely: valid tags, every value inside the limit, groups matched (nested at most
     * {@code maxGroupDepth}), no stray end-group tag, ending exactly at the limit. On false,
     * {@link #pos()} is at or just after the field that failed.
     */
    public boolean skipMessage(int maxGroupDepth) {
        while (pos < limit) {
            int at = pos;
            if (!readTag() || wireType == END_GROUP || !skipValue(wireType, fieldNumber, maxGroupDepth)) {
                pos = at;
                return false;
            }
        }
        return pos == limit;
    }

    private boolean skipBytes(int n) {
        if (limit - pos < n) {
            return false;
        }
        pos += n;
        return true;
    }

    /**
     * CodedInputStream.readRawVarint32: the low 32 bits of a varint of at most 10 bytes, as an
     * unsigned value in a long, or -1 when the varint is truncated or longer than 10 bytes.
     */
    private long readVarint32() {
        int p = pos;
        if (p < limit) {
            byte b = buf[p];
            if (b >= 0) {
                pos = p + 1;
                return b;
            }
        }
        long result = 0;
        int shift = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (p >= limit) {
                return -1;
            }
            byte b = buf[p++];
            if (shift < 32) {
                result |= (long) (b & 0x7f) << shift;
                shift += 7;
            }
            if (b >= 0) {
                pos = p;
                return result & 0xffffffffL;
            }
        }
        return -1;
    }
}
