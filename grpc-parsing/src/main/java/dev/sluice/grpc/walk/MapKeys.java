package dev.sluice.grpc.walk;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.charset.StandardCharsets;

/** Renders a map entry's key as the text that goes between brackets in a path. */
final class MapKeys {
    /** Bytes of a string key decoded; enough for {@link FieldPath#MAX_KEY_CHARS} characters of any script. */
    private static final int MAX_KEY_BYTES = FieldPath.MAX_KEY_CHARS * 4;

    private MapKeys() {
    }

    /** A string key, invalid UTF-8 replaced by U+FFFD, cut to {@value #MAX_KEY_BYTES} bytes. */
    static String text(byte[] buf, int start, int end) {
        return new String(buf, start, Math.min(end - start, MAX_KEY_BYTES), StandardCharsets.UTF_8);
    }

    /** The key an entry without a key field has: the key type's default. */
    static String absent(FieldDescriptor keyField) {
        return switch (keyField.getType()) {
            case STRING -> "";
            case BOOL -> "false";
            default -> "0";
        };
    }

    /** A numeric or boolean key read from the wire as {@code raw} (varint or fixed bits). */
    static String render(FieldDescriptor keyField, long raw) {
        return switch (keyField.getType()) {
            case INT32, SFIXED32 -> Integer.toString((int) raw);
            case UINT32, FIXED32 -> Long.toString(raw & 0xffffffffL);
            case SINT32 -> Integer.toString(((int) raw >>> 1) ^ -((int) raw & 1));
            case UINT64, FIXED64 -> Long.toUnsignedString(raw);
            case SINT64 -> Long.toString((raw >>> 1) ^ -(raw & 1));
            case BOOL -> raw != 0 ? "true" : "false";
            case INT64, SFIXED64 -> Long.toString(raw);
            default -> null;
        };
    }

    /** A little-endian fixed32 or fixed64 ({@code size} 4 or 8) at {@code at}. */
    static long littleEndian(byte[] buf, int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (buf[at + i] & 0xff);
        }
        return v;
    }
}
