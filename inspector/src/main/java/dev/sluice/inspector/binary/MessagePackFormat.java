package dev.sluice.inspector.binary;

/**
 * MessagePack's item headers (the MessagePack specification, "Formats"): one type byte, fixed
 * types holding their count or value in it, others followed by a big-endian length or value;
 * an ext's header ends with its type byte. {@code 0xc1} is never used.
 */
final class MessagePackFormat implements ItemFormat {
    static final MessagePackFormat INSTANCE = new MessagePackFormat();

    private MessagePackFormat() {
    }

    @Override
    public String name() {
        return "MessagePack";
    }

    @Override
    public int headerLength(int b) {
        if (b <= 0xbf || b >= 0xe0) {
            return 1; // fixint, fixmap, fixarray, fixstr, negative fixint
        }
        return switch (b) {
            case 0xc0, 0xc2, 0xc3 -> 1;
            case 0xc4, 0xd9, 0xcc, 0xd0 -> 2;
            case 0xc5, 0xda, 0xcd, 0xd1, 0xdc, 0xde -> 3;
            case 0xc6, 0xdb, 0xce, 0xd2, 0xdd, 0xdf, 0xca -> 5;
            case 0xcf, 0xd3, 0xcb -> 9;
            case 0xc7 -> 3; // ext 8: length, type
            case 0xc8 -> 4;
            case 0xc9 -> 6;
            case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> 2; // fixext: type
            default -> -1; // 0xc1
        };
    }

    @Override
    public void decode(byte[] h, ItemHeader out) {
        int b = h[0] & 0xff;
        if (b <= 0x7f) {
            out.set(ItemHeader.Kind.INTEGER, b);
        } else if (b <= 0x8f) {
            out.set(ItemHeader.Kind.MAP, b & 0x0f);
        } else if (b <= 0x9f) {
            out.set(ItemHeader.Kind.ARRAY, b & 0x0f);
        } else if (b <= 0xbf) {
            out.set(ItemHeader.Kind.TEXT, b & 0x1f);
        } else if (b >= 0xe0) {
            out.set(ItemHeader.Kind.INTEGER, (byte) b).negative = ItemHeader.Negative.SIGNED;
        } else {
            decodeTyped(b, h, out);
        }
    }

    private static void decodeTyped(int b, byte[] h, ItemHeader out) {
        switch (b) {
            case 0xc4, 0xc5, 0xc6 -> out.set(ItemHeader.Kind.BYTES, Bytes.bigEndian(h, 1, 1 << (b - 0xc4)));
            case 0xd9, 0xda, 0xdb -> out.set(ItemHeader.Kind.TEXT, Bytes.bigEndian(h, 1, 1 << (b - 0xd9)));
            case 0xdc, 0xdd -> out.set(ItemHeader.Kind.ARRAY, Bytes.bigEndian(h, 1, b == 0xdc ? 2 : 4));
            case 0xde, 0xdf -> out.set(ItemHeader.Kind.MAP, Bytes.bigEndian(h, 1, b == 0xde ? 2 : 4));
            case 0xcc, 0xcd, 0xce, 0xcf -> out.set(ItemHeader.Kind.INTEGER, Bytes.bigEndian(h, 1, 1 << (b - 0xcc)));
            case 0xd0, 0xd1, 0xd2, 0xd3 -> out.set(ItemHeader.Kind.INTEGER,
                    Bytes.signedBigEndian(h, 1, 1 << (b - 0xd0))).negative = ItemHeader.Negative.SIGNED;
            case 0xc7, 0xc8, 0xc9 -> out.set(ItemHeader.Kind.OPAQUE, Bytes.bigEndian(h, 1, 1 << (b - 0xc7)));
            case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> out.set(ItemHeader.Kind.OPAQUE, 1L << (b - 0xd4));
            default -> out.set(ItemHeader.Kind.OPAQUE, 0); // nil, booleans, floats: the value is in the header
        }
    }
}
