package dev.sluice.grpc.walk;

import dev.sluice.grpc.wire.WireReader;

/**
 * Walks wire-format bytes with no descriptor: every field by number, and each length-delimited
 * payload decided as text, nested message or bytes (paths like {@code 1.3.2}).
 *
 * <p>The decision for a non-empty payload, in order:
 * <ol>
 *   <li>printable UTF-8 (see {@link TextSniffer}) → {@link ValueKind#STRING}. Printable text
 *       often parses as a message by accident, while a real message is rarely printable (its
 *       small tags and short lengths are control bytes), so text wins the tie, unless the
 *       payload starts with tab, LF or CR, the tags of field 1 ({@link #startsLikeMessage});</li>
 *   <li>parses completely as a message (valid tags and wire types, every length inside the
 *       payload, groups matched, ending exactly at the payload's end) → walked as a message;</li>
 *   <li>other valid UTF-8 → STRING; anything else → {@link ValueKind#BYTES}.</li>
 * </ol>
 * Checking a payload costs one pass over its top level, so a message nested {@code d} deep is
 * read at most {@code d + 1} times: bounded by the depth limit.
 */
final class SchemalessWalk extends FieldLoop {
    /** Nesting of groups accepted when checking or skipping them beyond the depth limit. */
    private static final int MAX_GROUP_SKIP_DEPTH = 100;

    private final WireReader reader = new WireReader();
    private final WireReader probe = new WireReader();

    SchemalessWalk(WalkContext ctx) {
        super(ctx, WalkMode.SCHEMALESS);
    }

    void end() {
        release();
        reader.release();
        probe.release();
    }

    /** The root message; see {@link #checkRoot}. */
    void walkRoot(int start, int end) {
        if (checkRoot(WalkMode.SCHEMALESS, start, end)) {
            walkFields(null, start, end, 0, 0);
        }
    }

    @Override
    void lenField(MessageFrame frame, int number, int start, int end, int depth) {
        lenField(number, start, end, depth);
    }

    @Override
    int groupField(MessageFrame frame, int number, int start, int limit, int depth) {
        return groupField(number, start, limit, depth);
    }

    /** A length-delimited field known only by number, payload {@code [start, end)}, inside a message at {@code depth}. */
    void lenField(int number, int start, int end, int depth) {
        int mark = ctx.path.segments();
        ctx.path.pushNumber(number);
        payload(start, end, depth + 1);
        ctx.path.popTo(mark);
    }

    /**
     * A group known only by number whose start tag ended at {@code start}, inside a message at
     * {@code depth} bounded by {@code limit}. Returns the position after its end tag, or -1 when
     * malformed (already reported).
     */
    int groupField(int number, int start, int limit, int depth) {
        int mark = ctx.path.segments();
        ctx.path.pushNumber(number);
        int after;
        if (depth + 1 > ctx.maxDepth) {
            after = skipGroupTooDeep(WalkMode.SCHEMALESS, number, start, limit);
        } else {
            after = walkFields(null, start, limit, number, depth + 1);
        }
        ctx.path.popTo(mark);
        return after;
    }

    /**
     * A length-delimited payload at the current path, decided as text, message or bytes; a
     * message found here would sit at {@code depth}.
     */
    void payload(int start, int end, int depth) {
        if (end <= start) {
            return;
        }
        byte[] buf = ctx.buf();
        int text = TextSniffer.classify(buf, start, end);
        if (text == TextSniffer.PRINTABLE && !startsLikeMessage(buf[start])) {
            ctx.emit(ValueKind.STRING, WalkMode.SCHEMALESS, start, end);
        } else if (parsesAsMessage(buf, start, end)) {
            if (depth > ctx.maxDepth) {
                ctx.tooDeep(WalkMode.SCHEMALESS, start, end);
            } else {
                walkFields(null, start, end, 0, depth);
            }
        } else {
            ctx.emit(text == TextSniffer.BINARY ? ValueKind.BYTES : ValueKind.STRING, WalkMode.SCHEMALESS, start, end);
        }
    }

    /**
     * Skips a group beyond the depth limit, handing its content over raw (as {@code mode});
     * returns the position after its end tag, or -1.
     */
    int skipGroupTooDeep(WalkMode mode, int number, int start, int limit) {
        reader.reset(ctx.buf(), start, limit);
        if (!reader.skipGroup(number, MAX_GROUP_SKIP_DEPTH)) {
            ctx.malformed(mode, start, limit);
            return -1;
        }
        int after = reader.pos();
        ctx.tooDeep(mode, start, reader.tagStart()); // the content, without the end tag
        return after;
    }

    /**
     * Printable text that starts with tab, LF or CR: exactly the tags of field 1 as fixed64, as a
     * length-delimited field and as fixed32 (0x09, 0x0a, 0x0d). Text rarely starts that way while
     * messages very often do ({@code 0a 28 <40-char token>} is printable), so such a payload is
     * read as a message when it parses as one.
     */
    private static boolean startsLikeMessage(byte first) {
        return first == 0x09 || first == 0x0a || first == 0x0d;
    }

    /** True when {@code [start, end)} is, at its top level, a complete valid message. */
    private boolean parsesAsMessage(byte[] buf, int start, int end) {
        return probe.reset(buf, start, end).skipMessage(MAX_GROUP_SKIP_DEPTH);
    }

    /**
     * Checks the root's top level before walking it. A root that does not parse is reported raw
     * as a whole: it is most likely not protobuf at all (a misdeclared body), and walking it up to
     * the failure would hide the bytes read as tags and numbers on the way. Returns false then.
     */
    boolean checkRoot(WalkMode mode, int start, int end) {
        if (probe.reset(ctx.buf(), start, end).skipMessage(MAX_GROUP_SKIP_DEPTH)) {
            return true;
        }
        ctx.problem(WalkProblem.MALFORMED, probe.pos());
        ctx.emit(ValueKind.BYTES, mode, start, end);
        return false;
    }
}
