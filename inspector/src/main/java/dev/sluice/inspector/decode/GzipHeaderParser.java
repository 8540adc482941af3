package dev.sluice.inspector.decode;

import java.util.zip.CRC32;

/**
 * Reads one gzip member header (RFC 1952 §2.3.1) across arbitrary chunking, for
 * {@link GzipDecodingSink}. Optional fields are skipped, never stored: FEXTRA by its length, FNAME
 * and FCOMMENT up to their zero byte, so a header of any length costs no memory. The FHCRC
 * header CRC is checked when present.
 *
 * <p>States follow the field order of RFC 1952 §2.3: {@code FIXED} (ID1 ID2 CM FLG MTIME XFL OS),
 * {@code EXTRA_LENGTH}, {@code EXTRA}, {@code NAME}, {@code COMMENT}, {@code HEADER_CRC}, then
 * {@code DONE} or {@code INVALID}. Limits: none needed, as nothing is buffered beyond the
 * 10-byte fixed part.
 */
final class GzipHeaderParser {
    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    /** CM 8, "deflate", is the only compression method RFC 1952 §2.3.1 defines. */
    private static final int CM_DEFLATE = 8;
    private static final int FHCRC = 1 << 1;
    private static final int FEXTRA = 1 << 2;
    private static final int FNAME = 1 << 3;
    private static final int FCOMMENT = 1 << 4;
    /** RFC 1952 §2.3.1.2: a compliant decompressor must reject non-zero reserved bits. */
    private static final int RESERVED = 0xe0;
    private static final int FIXED_LENGTH = 10;

    private enum State { FIXED, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, DONE, INVALID }

    private final FixedField field = new FixedField(FIXED_LENGTH);
    private final CRC32 headerCrc = new CRC32();
    private State state = State.FIXED;
    private int flags;
    private int extraLeft;
    private String problem;

    /** Starts over for the next member. */
    void reset() {
        state = State.FIXED;
        field.clear();
        flags = 0;
        extraLeft = 0;
        problem = null;
        headerCrc.reset();
    }

    /** Reads header bytes from {@code buf[off, off + len)} (borrowed); returns how many it used. */
    int parse(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        while (pos < end && state != State.DONE && state != State.INVALID) {
            switch (state) {
                case FIXED -> {
                    pos = fill(buf, pos, end, FIXED_LENGTH, true);
                    if (!magicSoFar()) {
                        // Reject at once: bytes after a member need not be 10 long to be wrong.
                        invalid("not a gzip member (bad magic)");
                    } else if (field.length() == FIXED_LENGTH) {
                        checkFixedPart();
                    }
                }
                case EXTRA_LENGTH -> {
                    pos = fill(buf, pos, end, 2, true);
                    if (field.length() == 2) {
                        extraLeft = field.uint16(0);
                        moveTo(extraLeft > 0 ? State.EXTRA : nextAfter(State.EXTRA));
                    }
                }
                case EXTRA -> {
                    int n = Math.min(extraLeft, end - pos);
                    headerCrc.update(buf, pos, n);
                    pos += n;
                    extraLeft -= n;
                    if (extraLeft == 0) {
                        moveTo(nextAfter(State.EXTRA));
                    }
                }
                case NAME, COMMENT -> pos = skipZeroTerminated(buf, pos, end);
                case HEADER_CRC -> {
                    pos = fill(buf, pos, end, 2, false);
                    if (field.length() == 2) {
                        int expected = field.uint16(0);
                        if (expected != ((int) headerCrc.getValue() & 0xffff)) {
                            invalid("header CRC mismatch");
                        } else {
                            moveTo(State.DONE);
                        }
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return pos - off;
    }

    boolean done() {
        return state == State.DONE;
    }

    boolean invalid() {
        return state == State.INVALID;
    }

    /** Why the header was rejected; names header fields only, never bytes. */
    String problem() {
        return problem;
    }

    /** True before the first byte of a header was seen: a clean place for a body to end. */
    boolean atStart() {
        return state == State.FIXED && field.length() == 0;
    }

    private boolean magicSoFar() {
        int have = field.length();
        return (have < 1 || field.byteAt(0) == ID1) && (have < 2 || field.byteAt(1) == ID2);
    }

    private void checkFixedPart() {
        if (field.byteAt(2) != CM_DEFLATE) {
            invalid("unknown compression method");
        } else if ((field.byteAt(3) & RESERVED) != 0) {
            invalid("reserved flag bits set");
        } else {
            flags = field.byteAt(3);
            moveTo(nextAfter(State.FIXED));
        }
    }

    /** The next optional field the flags ask for, in RFC 1952 §2.3 order. */
    private State nextAfter(State s) {
        if (s.ordinal() < State.EXTRA_LENGTH.ordinal() && (flags & FEXTRA) != 0) {
            return State.EXTRA_LENGTH;
        }
        if (s.ordinal() < State.NAME.ordinal() && (flags & FNAME) != 0) {
            return State.NAME;
        }
        if (s.ordinal() < State.COMMENT.ordinal() && (flags & FCOMMENT) != 0) {
            return State.COMMENT;
        }
        if (s.ordinal() < State.HEADER_CRC.ordinal() && (flags & FHCRC) != 0) {
            return State.HEADER_CRC;
        }
        return State.DONE;
    }

    private int fill(byte[] buf, int pos, int end, int want, boolean coveredByCrc) {
        int n = field.fill(buf, pos, end, want);
        if (coveredByCrc) {
            headerCrc.update(buf, pos, n);
        }
        return pos + n;
    }

    private int skipZeroTerminated(byte[] buf, int pos, int end) {
        int i = pos;
        while (i < end && buf[i] != 0) {
            i++;
        }
        boolean terminated = i < end;
        int next = terminated ? i + 1 : i;
        headerCrc.update(buf, pos, next - pos);
        if (terminated) {
            moveTo(nextAfter(state));
        }
        return next;
    }

    private void moveTo(State next) {
        state = next;
        field.clear();
    }

    private void invalid(String why) {
        state = State.INVALID;
        problem = why;
    }
}
