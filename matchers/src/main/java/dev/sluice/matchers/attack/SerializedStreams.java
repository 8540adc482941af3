package dev.sluice.matchers.attack;

/**
 * Recognises the binary object-serialization streams whose readers instantiate whatever
 * classes the stream names, raw or in the text forms they travel in (CWE-502): Java's
 * {@code ObjectOutputStream} (magic {@code AC ED 00 05} and a first content element
 * {@code TC_*}, raw, hex or base64 {@code rO0AB…}), .NET's {@code BinaryFormatter} (its
 * serialization header record, raw or base64 {@code AAEAAAD/////}), and Python pickles that
 * import a dangerous callable ({@link PickleCalls}; raw from the value's start, or base64). A base64 form counts only at the start of a token, not
 * inside a longer run such as an image's data.
 */
final class SerializedStreams {
    /** Most base64 tokens with a pickle's head that one value gets decoded. */
    static final int MAX_PICKLE_TOKENS = 16;
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

    /**
     * Whether {@code b[off, end)} holds one of the streams; {@code scratch} receives decoded base64.
     * A raw pickle is read only from the value's start, and at most {@link #MAX_PICKLE_TOKENS}
     * base64 tokens are decoded as pickles, so a value made of pickle headers costs one pass.
     */
    static boolean any(byte[] b, int off, int end, byte[] scratch) {
        if (PickleCalls.importsDangerous(b, off, end)) {
            return true;
        }
        int pickleTokens = 0;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            boolean found = switch (c) {
                case 0xAC -> javaRaw(b, i, end);
                case 0 -> Ascii.startsWithExact(b, i, end, DOTNET_RAW);
                case 'r' -> Base64Prefix.startsToken(b, off, i) && javaBase64(b, i, end, scratch);
                case 'a', 'A' -> javaHex(b, off, i, end)
                        || Base64Prefix.startsToken(b, off, i) && dotnetBase64(b, i, end);
                case 'g', 'Y' -> {
                    if (pickleTokens >= MAX_PICKLE_TOKENS || !Base64Prefix.startsToken(b, off, i)) {
                        yield false;
                    }
                    int verdict = pickleBase64(b, i, end, scratch);
                    if (verdict >= 0) {
                        pickleTokens++;
                    }
                    yield verdict > 0;
                }
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

    /** 1: a base64 pickle that imports a dangerous callable; 0: another pickle; -1: no pickle's head. */
    private static int pickleBase64(byte[] b, int i, int end, byte[] scratch) {
        for (byte[] prefix : PICKLE_BASE64) {
            if (Ascii.startsWithExact(b, i, end, prefix)) {
                int n = Base64Prefix.decode(b, i, end, scratch);
                return PickleCalls.importsDangerous(scratch, 0, n) ? 1 : 0;
            }
        }
        return -1;
    }

    /** A Java stream's first element: one of the {@code TC_*} type codes. */
    private static boolean content(int tc) {
        return tc >= TC_NULL && tc <= TC_ENUM;
    }
}
