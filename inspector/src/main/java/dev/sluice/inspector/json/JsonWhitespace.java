package dev.sluice.inspector.json;

/** JSON's insignificant whitespace (RFC 8259 §2): space, tab, line feed, carriage return. */
final class JsonWhitespace {
    private JsonWhitespace() {
    }

    static boolean is(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
