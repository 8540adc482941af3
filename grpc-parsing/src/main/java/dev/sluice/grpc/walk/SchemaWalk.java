package dev.sluice.grpc.walk;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import dev.sluice.grpc.wire.WireReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks a message along its descriptor's {@link MessagePlan}: string and bytes fields are
 * reported under their names, nested messages, groups and map entries are descended into,
 * scalars are skipped, and whatever the descriptor does not declare (unknown fields, a field
 * arriving with another wire type than declared, an {@code Any} whose type is unknown) goes to
 * the {@link SchemalessWalk} under its field number.
 *
 * <p>A field arriving with an unexpected wire type is treated as unknown, as the reference
 * runtime does (it keeps such a field in the unknown-field set), so nothing it carries is lost.
 */
final class SchemaWalk extends FieldLoop {
    /** Longest type URL looked up; a longer one leaves the {@code Any} unresolved. */
    private static final int MAX_TYPE_URL_BYTES = 2048;
    private static final String ANY_VALUE_SEGMENT = "value";

    private final SchemalessWalk schemaless;
    private final MessageTypeLookup lookup;
    private final MessagePlans plans;
    private final WireReader scan = new WireReader();
    private final KeyTexts keyTexts = new KeyTexts();
    /** State of the message being walked at each depth. */
    private MessageFrame[] frames = new MessageFrame[8];

    SchemaWalk(WalkContext ctx, SchemalessWalk schemaless, MessageTypeLookup lookup, MessagePlans plans) {
        super(ctx, WalkMode.SCHEMA);
        this.schemaless = schemaless;
        this.lookup = lookup;
        this.plans = plans;
    }

    void end() {
        release();
        scan.release();
    }

    /** The root message; one that does not parse at its top level is reported raw whole ({@link SchemalessWalk#checkRoot}). */
    void walkRoot(MessagePlan plan, int start, int end) {
        if (schemaless.checkRoot(WalkMode.SCHEMA, start, end)) {
            walkMessage(plan, start, end, 0, 0);
        }
    }

    /**
     * Walks a message of {@code plan} at {@code depth} in {@code [start, end)} (a group's content
     * when {@code endGroup != 0}); returns as {@link FieldLoop#walkFields} does.
     */
    private int walkMessage(MessagePlan plan, int start, int end, int endGroup, int depth) {
        MessageFrame frame = frame(depth);
        frame.open(plan, plan.any ? resolveAny(start, end) : null);
        return walkFields(frame, start, end, endGroup, depth);
    }

    @Override
    void lenField(MessageFrame frame, int number, int start, int end, int depth) {
        FieldPlan field = frame.plan.field(number);
        if (field == null || field.kind == FieldPlan.Kind.GROUP) {
            schemaless.lenField(number, start, end, depth); // undeclared, or a group sent length-delimited
        } else {
            lenField(field, frame.counts, frame.anyType, start, end, depth);
        }
    }

    @Override
    int groupField(MessageFrame frame, int number, int start, int limit, int depth) {
        FieldPlan field = frame.plan.field(number);
        return field != null && field.kind == FieldPlan.Kind.GROUP
                ? group(field, frame.counts, start, limit, depth)
                : schemaless.groupField(number, start, limit, depth);
    }

    /** A declared length-delimited field of a message at {@code depth}. */
    private void lenField(FieldPlan field, int[] counts, MessagePlan anyType, int start, int end, int depth) {
        switch (field.kind) {
            case IGNORED, MAP_KEY -> {
                return; // packed scalars; map keys are reported by mapEntry's key scan
            }
            case ANY_VALUE -> {
                anyValue(anyType, start, end, depth);
                return;
            }
            default -> {
            }
        }
        int mark = ctx.path.segments();
        enter(field, counts);
        switch (field.kind) {
            case STRING -> ctx.emit(ValueKind.STRING, WalkMode.SCHEMA, start, end);
            case BYTES -> ctx.emit(ValueKind.BYTES, WalkMode.SCHEMA, start, end);
            case MESSAGE -> nested(field.child(), start, end, depth + 1);
            case MAP -> mapEntry(field, start, end, depth + 1);
            default -> throw new AssertionError(field.kind);
        }
        ctx.path.popTo(mark);
    }

    /** A declared group whose start tag ended at {@code start}; returns the position after its end tag, or -1. */
    private int group(FieldPlan field, int[] counts, int start, int limit, int depth) {
        int mark = ctx.path.segments();
        enter(field, counts);
        int after = depth + 1 > ctx.maxDepth
                ? schemaless.skipGroupTooDeep(WalkMode.SCHEMA, field.number, start, limit)
                : walkMessage(field.child(), start, limit, field.number, depth + 1);
        ctx.path.popTo(mark);
        return after;
    }

    /** Pushes the field's name and, for a repeated field, its next index. */
    private void enter(FieldPlan field, int[] counts) {
        if (!field.transparent) {
            ctx.path.pushField(field.name);
        }
        if (field.indexed()) {
            ctx.path.pushIndex(counts[field.slot]++);
        }
    }

    /** A length-delimited message payload at {@code depth}, within the depth limit or reported raw. */
    private void nested(MessagePlan plan, int start, int end, int depth) {
        if (depth > ctx.maxDepth) {
            ctx.tooDeep(WalkMode.SCHEMA, start, end);
        } else {
            walkMessage(plan, start, end, 0, depth);
        }
    }

    /**
     * One map entry at {@code depth}: every key occurrence is reported at the map's own path, then
     * the entry is walked under {@code [key]} (the last key, as the runtime keeps the last).
     */
    private void mapEntry(FieldPlan field, int start, int end, int depth) {
        if (depth > ctx.maxDepth) {
            ctx.tooDeep(WalkMode.SCHEMA, start, end);
            return;
        }
        String key = scanMapKey(field, start, end);
        int mark = ctx.path.segments();
        if (key != null) {
            ctx.path.pushMapKey(key);
        }
        walkMessage(field.child(), start, end, 0, depth);
        ctx.path.popTo(mark);
    }

    /**
     * Reports the string key occurrences of a map entry and renders the last key as text; null
     * when the key cannot be rendered or the entry is malformed before one (the walk reports that).
     */
    private String scanMapKey(FieldPlan field, int start, int end) {
        byte[] buf = ctx.buf();
        boolean stringKey = field.mapKey.getType() == FieldDescriptor.Type.STRING;
        scan.reset(buf, start, end);
        int keyType = -1;
        int keyStart = 0;
        int keyEnd = 0;
        long keyNumber = 0;
        while (!scan.atEnd() && scan.readTag()) {
            int type = scan.wireType();
            int number = scan.fieldNumber();
            if (number == 1 && type == WireReader.LEN) {
                int len = scan.readLength();
                if (len < 0) {
                    break;
                }
                keyStart = scan.pos();
                keyEnd = keyStart + len;
                scan.pos(keyEnd);
                if (stringKey) {
                    ctx.emit(ValueKind.STRING, WalkMode.SCHEMA, keyStart, keyEnd);
                }
            } else if (number == 1 && type == WireReader.VARINT) {
                if (!scan.readVarint()) {
                    break;
                }
                keyNumber = scan.lastVarint();
            } else if (number == 1 && (type == WireReader.FIXED32 || type == WireReader.FIXED64)) {
                int at = scan.pos();
                if (!scan.skipValue(type, number, 0)) {
                    break;
                }
                keyNumber = MapKeys.littleEndian(buf, at, scan.pos() - at);
            } else if (type == WireReader.END_GROUP || !scan.skipValue(type, number, 0)) {
                break;
            }
            if (number == 1) {
                keyType = type;
            }
        }
        if (keyType < 0) {
            return MapKeys.absent(field.mapKey);
        }
        if (keyType == WireReader.LEN) {
            return stringKey ? keyTexts.text(buf, keyStart, keyEnd) : null;
        }
        return stringKey ? null : MapKeys.render(field.mapKey, keyNumber);
    }

    /**
     * {@code Any.value}: walked as the type its URL names, inline at the Any's own path (as in the
     * JSON mapping); when unresolved, schema-less under {@code value}.
     */
    private void anyValue(MessagePlan anyType, int start, int end, int depth) {
        if (anyType != null) {
            nested(anyType, start, end, depth + 1);
            return;
        }
        int mark = ctx.path.segments();
        ctx.path.pushField(ANY_VALUE_SEGMENT);
        schemaless.payload(start, end, depth + 1);
        ctx.path.popTo(mark);
    }

    /** The plan for an Any's type URL (its last occurrence), or null when absent or unknown. */
    private MessagePlan resolveAny(int start, int end) {
        if (lookup == null) {
            return null;
        }
        scan.reset(ctx.buf(), start, end);
        int urlStart = -1;
        int urlEnd = -1;
        while (!scan.atEnd() && scan.readTag()) {
            int type = scan.wireType();
            if (scan.fieldNumber() == 1 && type == WireReader.LEN) {
                int len = scan.readLength();
                if (len < 0) {
                    break;
                }
                urlStart = scan.pos();
                urlEnd = urlStart + len;
                scan.pos(urlEnd);
            } else if (type == WireReader.END_GROUP || !scan.skipValue(type, scan.fieldNumber(), 0)) {
                break;
            }
        }
        if (urlStart < 0 || urlEnd - urlStart > MAX_TYPE_URL_BYTES) {
            return null;
        }
        String url = new String(ctx.buf(), urlStart, urlEnd - urlStart, StandardCharsets.UTF_8);
        return lookup.findByTypeUrl(url).map(plans::plan).orElse(null);
    }

    private MessageFrame frame(int depth) {
        if (depth >= frames.length) {
            frames = Arrays.copyOf(frames, Math.max(frames.length * 2, depth + 1));
        }
        MessageFrame f = frames[depth];
        if (f == null) {
            f = new MessageFrame();
            frames[depth] = f;
        }
        return f;
    }
}
