package dev.sluice.inspector.binary;

/**
 * CBOR's item headers (RFC 8949 §3): three bits of major type, five of additional information,
 * then 0, 1, 2, 4 or 8 bytes of argument, big-endian. Additional information 31 is an indefinite
 * length (strings, arrays, maps) or the break (major type 7); 28 to 30 are reserved.
 */
final class CborFormat implements ItemFormat {
    static final CborFormat INSTANCE = new CborFormat();

    private CborFormat() {
    }

    @Override
    public String name() {
        return "CBOR";
    }

    @Override
    public int headerLength(int first) {
        int major = first >>> 5;
        int info = first & 0x1f;
        if (info < 24) {
            return 1;
        }
        return switch (info) {
            case 24 -> 2;
            case 25 -> 3;
            case 26 -> 5;
            case 27 -> 9;
            // Indefinite: strings, arrays and maps; the break is major type 7's.
            case 31 -> major >= 2 && major <= 5 || major == 7 ? 1 : -1;
            default -> -1;
        };
    }

    @Override
    public void decode(byte[] h, ItemHeader out) {
        int major = (h[0] & 0xff) >>> 5;
        int info = h[0] & 0x1f;
        long arg = info < 24 ? info : Bytes.bigEndian(h, 1, headerLengthOf(info) - 1);
        boolean indefinite = info == 31;
        // A length or count past 2^63 - 1 reads as negative: no body holds that many bytes, so it
        // is the most there can be (the body then ends inside the item).
        long size = arg < 0 ? Long.MAX_VALUE : arg;
        switch (major) {
            case 0 -> out.set(ItemHeader.Kind.INTEGER, arg);
            case 1 -> out.set(ItemHeader.Kind.INTEGER, arg).negative = ItemHeader.Negative.MINUS_ONE_MINUS;
            case 2 -> out.set(indefinite ? ItemHeader.Kind.CHUNKED_STRING : ItemHeader.Kind.BYTES, size);
            case 3 -> out.set(indefinite ? ItemHeader.Kind.CHUNKED_STRING : ItemHeader.Kind.TEXT, size);
            case 4 -> out.set(ItemHeader.Kind.ARRAY, indefinite ? -1 : size);
            case 5 -> out.set(ItemHeader.Kind.MAP, indefinite ? -1 : size);
            case 6 -> out.set(ItemHeader.Kind.TAG, arg);
            // Simple values and floats carry their value in the header.
            default -> out.set(indefinite ? ItemHeader.Kind.BREAK : ItemHeader.Kind.OPAQUE, 0);
        }
    }

    private static int headerLengthOf(int info) {
        return switch (info) {
            case 24 -> 2;
            case 25 -> 3;
            case 26 -> 5;
            default -> 9;
        };
    }
}
