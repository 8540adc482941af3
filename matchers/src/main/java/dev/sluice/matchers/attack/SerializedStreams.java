package dev.sluice.matchers.attack;

/**
 * Recognises the binary object-serialization streams whose readers instantiate whatever
 * classes the stream names, raw or in the text forms they travel in (CWE-502): Java's
 * {@code ObjectOutputStream} (magic {@code AC ED 00 05} and a first content element
 * {@code TC_*}, raw, hex or base64 {@code rO0AB…}), .NET's {@code BinaryFormatter} (its
 * serialization header record, raw or base64 {@code AAEAAAD/////}), and Python pickles that
 * import a dangerous callable ({@link PickleCalls}; raw from the value's start or after a
 * {@code PROTO} opcode, or base64). A base64 form counts only at the start of a token, not
 * inside a longer run such as an image's data.
 */
final class SerializedStreams {
    private static final int TC_NULL = 0x70;
    private static final int TC_ENUM = 0x7E;
    private static final byte[] JAVA_RAW = {(byte) 0xAC, (byte) 0xED, 0, 5};
    private static final byte[] JAVA_BASE64 = Ascii.exact("rO0AB");
    private static final byte[] JAVA_HEX = Ascii.bytes("aced0005");
    private static final byte[] DOTNET_RAW = {0, 1, 0, 0, 0, -1, -1, -1, -1, 1, 0, 0, 0};
    private static final byte[] DOTNET_BASE64 = Ascii.exact("AAEAAAD/////");
    private static final byte[] DOTNET_BASE64_URL = Ascii.exact("AAEAAAD_____");
    /**
     * Base64 of a pickle's first opcodes: {@code PROTO} 4 or 5 and {@code FRAME}, {@code PROTO}
     * 2 or 3 and {@code GLOBAL}, and protocol 0 opening with a {@code GLOBAL} of a module that
     * runs commands or code.
     */
    private static final byte[][] PICKLE_BASE64 = Ascii.exact("gASV", "gAWV", "gAJj", "gANj", "Y29zC", "Y3Bvc2l4C",
            "Y3N1YnByb2Nlc3MK", "Y2J1aWx0aW5zC", "Y19fYnVpbHRpbl9fC", "Y250C");

    private SerializedStreams() {
    }

    /** Whether {@code b[off, end)} holds one of the streams; {@code scratch} receives decoded base64. */
    static boolean any(byte[] b, int off, int end, byte[] scratch) {
        if (PickleCalls.importsDangerous(b, off, end)) {
            return true;
        }
        for (int i = off; i < end; i++) {
            boolean found = switch (b[i] & 0xFF) {
                case 0xAC -> javaRaw(b, i, end);
                case 0x80 -> PickleCalls.importsDangerous(b, i, end);
                case 0 -> Ascii.startsWithExact(b, i, end, DOTNET_RAW);
                case 'r' -> Base64Prefix.startsToken(b, off, i) && javaBase64(b, i, end, scratch);
                case 'a', 'A' -> javaHex(b, off, i, end) || Base64Prefix.startsToken(b, off, i) && dotnetBase64(b, i, end);
                case 'g', 'Y' -> Base64Prefix.startsToken(b, off, i) && pickleBase64(b, i, end, scratch);
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean javaRaw(byte[] b, int i, int end) {
        return Ascii.startsWithExact(b, i, end, JAVA_RAW) && i + 4 < end && content(b[i + 4] & 0xFF);
    }

    private static boolean javaBase64(byte[] b, int i, int end, byte[] scratch) {
        return Ascii.startsWithExact(b, i, end, JAVA_BASE64) && Base64Prefix.decode(b, i, Math.min(end, i + 8), scratch) == 6
                && scratch[3] == 5 && content(scratch[4] & 0xFF);
    }

    /** {@code aced0005} and a first content element, not inside a longer hex run. */
    private static boolean javaHex(byte[] b, int off, int i, int end) {
        if (i > off && Ascii.is(b[i - 1] & 0xFF, Ascii.HEX) || !Ascii.startsWith(b, i, end, JAVA_HEX) || i + 10 > end) {
            return false;
        }
        int hi = Ascii.hexValue(b[i + 8] & 0xFF);
        int lo = Ascii.hexValue(b[i + 9] & 0xFF);
        return hi >= 0 && lo >= 0 && content(hi << 4 | lo);
    }

    private static boolean dotnetBase64(byte[] b, int i, int end) {
        return Ascii.startsWithExact(b, i, end, DOTNET_BASE64) || Ascii.startsWithExact(b, i, end, DOTNET_BASE64_URL);
    }

    private static boolean pickleBase64(byte[] b, int i, int end, byte[] scratch) {
        for (byte[] prefix : PICKLE_BASE64) {
            if (Ascii.startsWithExact(b, i, end, prefix)) {
                int n = Base64Prefix.decode(b, i, end, scratch);
                return PickleCalls.importsDangerous(scratch, 0, n);
            }
        }
        return false;
    }

    /** A Java stream's first element: one of the {@code TC_*} type codes. */
    private static boolean content(int tc) {
        return tc >= TC_NULL && tc <= TC_ENUM;
    }
}
