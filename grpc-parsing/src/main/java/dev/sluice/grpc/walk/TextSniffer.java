package dev.sluice.grpc.walk;

/**
 * Tells printable text from other UTF-8 and from binary, for the schema-less walker's choice of
 * text, message or bytes. One pass, one table lookup per ASCII byte.
 *
 * <p>Printable means valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) with no C0 control other than tab, LF and CR, no DEL and no C1 control
 * (U+0080-U+009F). Why it matters: the tag of fields 1 to 3 and every length below 32 are C0
 * control bytes, so a real nested message almost never passes as printable, while ordinary
 * text often happens to parse as a message (ASCII {@code "hi"} is field 13 = 105).
 */
final class TextSniffer {
    static final int PRINTABLE = 0;
    static final int UTF8 = 1;
    static final int BINARY = 2;

    private static final byte ASCII_TEXT = 0;
    private static final byte ASCII_CONTROL = 1;
    private static final byte LEAD2 = 2;
    private static final byte LEAD3 = 3;
    private static final byte LEAD4 = 4;
    private static final byte INVALID = 5;
    private static final byte[] CLASS = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            byte c;
            if (b < 0x20 || b == 0x7f) {
                c = (b == '\t' || b == '\n' || b == '\r') ? ASCII_TEXT : ASCII_CONTROL;
            } else if (b < 0x80) {
                c = ASCII_TEXT;
            } else if (b >= 0xc2 && b <= 0xdf) {
                c = LEAD2;
            } else if (b >= 0xe0 && b <= 0xef) {
                c = LEAD3;
            } else if (b >= 0xf0 && b <= 0xf4) {
                c = LEAD4;
            } else {
                c = INVALID; // continuation bytes out of place, C0/C1 overlong leads, F5-FF
            }
            CLASS[b] = c;
        }
    }

    private TextSniffer() {
    }

    /** Classifies {@code buf[start, end)} as {@link #PRINTABLE}, {@link #UTF8} or {@link #BINARY}. */
    static int classify(byte[] buf, int start, int end) {
        boolean printable = true;
        int p = start;
        while (p < end) {
            int b = buf[p] & 0xff;
            switch (CLASS[b]) {
                case ASCII_TEXT -> p++;
                case ASCII_CONTROL -> {
                    printable = false;
                    p++;
                }
                case LEAD2 -> {
                    if (p + 1 >= end || !continuation(buf[p + 1])) {
                        return BINARY;
                    }
                    if (b == 0xc2 && (buf[p + 1] & 0xff) < 0xa0) {
                        printable = false; // U+0080-U+009F, the C1 controls
                    }
                    p += 2;
                }
                case LEAD3 -> {
                    if (p + 2 >= end || !continuation(buf[p + 1]) || !continuation(buf[p + 2])) {
                        return BINARY;
                    }
                    int second = buf[p + 1] & 0xff;
                    if ((b == 0xe0 && second < 0xa0) || (b == 0xed && second >= 0xa0)) {
                        return BINARY; // overlong, or a UTF-16 surrogate
                    }
                    p += 3;
                }
                case LEAD4 -> {
                    if (p + 3 >= end || !continuation(buf[p + 1]) || !continuation(buf[p + 2])
                            || !continuation(buf[p + 3])) {
                        return BINARY;
                    }
                    int second = buf[p + 1] & 0xff;
                    if ((b == 0xf0 && second < 0x90) || (b == 0xf4 && second >= 0x90)) {
                        return BINARY; // overlong, or above U+10FFFF
                    }
                    p += 4;
                }
                default -> {
                    return BINARY;
                }
            }
        }
        return printable ? PRINTABLE : UTF8;
    }

    private static boolean continuation(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
