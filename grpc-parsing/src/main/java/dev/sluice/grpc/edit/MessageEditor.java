package dev.sluice.grpc.edit;

import dev.sluice.grpc.wire.WireReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Re-encodes a protobuf message with {@link ValueEdit}s applied. Every length-delimited field on
 * the way from the root to an edited value gets a new length prefix (whose varint may grow or
 * shrink); groups on the way need none; everything else is copied byte for byte, tags and unknown
 * fields included, so an unedited message comes back identical.
 *
 * <p>How a value is found: starting at the root, the editor descends into the field whose payload
 * contains the edit's value range, until the payload <em>is</em> the value range (a string or bytes
 * field, a too-deep message) or no field of the current payload contains it (the raw rest of a
 * malformed message); there the bytes are spliced. Because the value range is checked before
 * descending, a string that happens to parse as a message is never taken apart.
 *
 * <p>Edits whose ranges overlap, or that do not match the message's structure, are caller bugs and
 * raise {@link IllegalArgumentException}, whose message holds offsets only. The recursion follows
 * actual nesting, at most {@value #MAX_DEPTH} levels.
 */
public final class MessageEditor {
    /** Deepest nesting descended into; beyond it the value is spliced where the descent stopped. */
    public static final int MAX_DEPTH = 1100;

    private static final Comparator<ValueEdit> ORDER =
            Comparator.comparingInt(ValueEdit::from).thenComparingInt(ValueEdit::to);

    private final byte[] buf;
    private final WireReader reader = new WireReader();

    private MessageEditor(byte[] buf) {
        this.buf = buf;
    }

    /**
     * Returns the message {@code buf[off, off + len)} with {@code edits} applied; edit offsets are
     * relative to {@code off}.
     */
    public static byte[] edit(byte[] buf, int off, int len, List<ValueEdit> edits) {
        Objects.checkFromIndexSize(off, len, buf.length);
        List<ValueEdit> sorted = new ArrayList<>(edits);
        sorted.sort(ORDER);
        int previousEnd = 0;
        for (ValueEdit e : sorted) {
            if (e.valueEnd() > len) {
                throw new IllegalArgumentException(e + " lies beyond the " + len + "-byte message");
            }
            if (e.from() < previousEnd) {
                throw new IllegalArgumentException(e + " overlaps an earlier edit");
            }
            previousEnd = e.to();
        }
        ByteBuilder out = new ByteBuilder(len + 64);
        new MessageEditor(buf).rewrite(off, off + len, off, sorted, 0, sorted.size(), 0, out);
        return out.toByteArray();
    }

    /** Like {@link #edit}, then wrapped in an uncompressed gRPC frame. */
    public static byte[] editFrame(byte[] buf, int off, int len, List<ValueEdit> edits) {
        byte[] message = edit(buf, off, len, edits);
        return GrpcFrames.frame(message, 0, message.length);
    }

    /**
     * Writes region {@code [start, end)} with {@code edits[first, last)} applied; edit offsets are
     * relative to {@code base}.
     */
    private void rewrite(int start, int end, int base, List<ValueEdit> edits, int first, int last, int depth,
                         ByteBuilder out) {
        int copied = start; // everything before this is in out
        int scan = start;   // next field to look at
        boolean parsable = true;
        int i = first;
        while (i < last) {
            ValueEdit e = edits.get(i);
            int vs = base + e.valueStart();
            int ve = base + e.valueEnd();
            if (vs < start || ve > end) {
                throw new IllegalArgumentException(e + " does not lie inside the field it was matched to");
            }
            boolean descended = false;
            if (!(vs == start && ve == end) && depth < MAX_DEPTH && parsable) {
                // find the field of this region that contains the value
                while (scan < end) {
                    reader.reset(buf, scan, end);
                    if (!reader.readTag()) {
                        parsable = false;
                        break;
                    }
                    int afterTag = reader.pos();
                    int type = reader.wireType();
                    int number = reader.fieldNumber();
                    int payloadStart;
                    int payloadEnd;
                    int fieldEnd;
                    if (type == WireReader.LEN) {
                        int n = reader.readLength();
                        if (n < 0) {
                            parsable = false;
                            break;
                        }
                        payloadStart = reader.pos();
                        payloadEnd = payloadStart + n;
                        fieldEnd = payloadEnd;
                    } else if (type == WireReader.START_GROUP) {
                        payloadStart = afterTag;
                        payloadEnd = groupContentEnd(number, afterTag, end);
                        if (payloadEnd < 0) {
                            parsable = false;
                            break;
                        }
                        fieldEnd = reader.pos();
                    } else if (type != WireReader.END_GROUP && reader.skipValue(type, number, 0)) {
                        scan = reader.pos();
                        continue;
                    } else {
                        parsable = false;
                        break;
                    }
                    if (vs >= payloadStart && ve <= payloadEnd) {
                        if (scan < copied) {
                            throw new IllegalArgumentException(e + " overlaps an earlier edit");
                        }
                        int j = i + 1;
                        while (j < last && base + edits.get(j).valueEnd() <= payloadEnd) {
                            j++;
                        }
                        if (type == WireReader.LEN) {
                            out.write(buf, copied, afterTag - copied);
                            ByteBuilder child = new ByteBuilder(payloadEnd - payloadStart + 16);
                            rewrite(payloadStart, payloadEnd, base, edits, i, j, depth + 1, child);
                            out.writeVarint(child.size());
                            out.write(child);
                            copied = payloadEnd;
                        } else {
                            out.write(buf, copied, payloadStart - copied);
                            rewrite(payloadStart, payloadEnd, base, edits, i, j, depth + 1, out);
                            copied = payloadEnd;
                        }
                        scan = fieldEnd;
                        i = j;
                        descended = true;
                        break;
                    }
                    if (fieldEnd > vs) {
                        break; // this field straddles the value: it is no field's payload here
                    }
                    scan = fieldEnd;
                }
            }
            if (!descended) {
                int from = base + e.from();
                int to = base + e.to();
                if (from < copied) {
                    throw new IllegalArgumentException(e + " overlaps an earlier edit");
                }
                out.write(buf, copied, from - copied);
                byte[] r = e.replacementUnsafe();
                out.write(r, 0, r.length);
                copied = to;
                i++;
            }
        }
        out.write(buf, copied, end - copied);
    }

    /** Start of the end tag of the group whose content starts at {@code start}, or -1; the reader is left after the end tag. */
    private int groupContentEnd(int number, int start, int end) {
        reader.reset(buf, start, end);
        while (reader.pos() < end) {
            int tagAt = reader.pos();
            if (!reader.readTag()) {
                return -1;
            }
            if (reader.wireType() == WireReader.END_GROUP) {
                return reader.fieldNumber() == number ? tagAt : -1;
            }
            if (!reader.skipValue(reader.wireType(), reader.fieldNumber(), MAX_DEPTH)) {
                return -1;
            }
        }
        return -1;
    }
}
