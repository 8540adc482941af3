package dev.sluice.grpc.walk;

import dev.sluice.grpc.wire.WireReader;

/**
 * The loop over a message's fields that both walkers share: reads each tag, hands
 * length-delimited fields and groups to the walker, skips scalars, checks end-group tags, and
 * turns invalid wire data into {@link WalkProblem#MALFORMED} with the rest of the region reported
 * raw. What a field means is the subclass's business.
 */
abstract class FieldLoop {
    final WalkContext ctx;
    private final WalkMode mode;
    private final WireReader reader = new WireReader();

    FieldLoop(WalkContext ctx, WalkMode mode) {
        this.ctx = ctx;
        this.mode = mode;
    }

    /**
     * Walks the fields of {@code [start, end)} of a message at {@code depth}; with
     * {@code endGroup != 0} a group's content, which stops after the end tag with that number.
     * {@code frame} is the walker's state for this message (null when it keeps none). Returns the
     * position after the last field read, or -1 when malformed (reported, and the rest of the
     * region from the failing field's tag handed over raw).
     */
    final int walkFields(MessageFrame frame, int start, int end, int endGroup, int depth) {
        byte[] buf = ctx.buf();
        int p = start;
        while (p < end) {
            reader.reset(buf, p, end);
            if (!reader.readTag()) {
                ctx.malformed(mode, p, end);
                return -1;
            }
            int number = reader.fieldNumber();
            int type = reader.wireType();
            if (type == WireReader.LEN) {
                int len = reader.readLength();
                if (len < 0) {
                    ctx.malformed(mode, p, end);
                    return -1;
                }
                int ps = reader.pos();
                lenField(frame, number, ps, ps + len, depth); // may recurse: the reader is reset above
                p = ps + len;
            } else if (type == WireReader.START_GROUP) {
                int after = groupField(frame, number, reader.pos(), end, depth);
                if (after < 0) {
                    return -1;
                }
                p = after;
            } else if (type == WireReader.END_GROUP) {
                if (number == endGroup) {
                    return reader.pos();
                }
                ctx.malformed(mode, p, end);
                return -1;
            } else {
                if (!reader.skipValue(type, number, 0)) {
                    ctx.malformed(mode, p, end);
                    return -1;
                }
                p = reader.pos();
            }
        }
        if (endGroup != 0) {
            ctx.problem(WalkProblem.MALFORMED, end); // the group never closed
            return -1;
        }
        return end;
    }

    /** A length-delimited field with payload {@code [start, end)} of a message at {@code depth}. */
    abstract void lenField(MessageFrame frame, int number, int start, int end, int depth);

    /**
     * A group whose start tag ended at {@code start}, inside a message at {@code depth} bounded by
     * {@code limit}. Returns the position after its end tag, or -1 when malformed (reported).
     */
    abstract int groupField(MessageFrame frame, int number, int start, int limit, int depth);

    void release() {
        reader.release();
    }
}
