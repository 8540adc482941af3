package dev.sluice.matchers.attack;

/**
 * Recognises PHP's serialized object notation, which {@code unserialize()} turns into an
 * instance of the named class whose magic methods ({@code __wakeup}, {@code __destruct})
 * then run (PHP object injection, CWE-502): {@code O:}length{@code :"}Class{@code ":}count{@code :{}
 * and the custom-serialized {@code C:} form, alone or inside a serialized array. The declared
 * length must be the class name's length in bytes, as {@code unserialize()} requires, and the
 * name a PHP class name (namespaces allowed); the sign PHP accepts before the length
 * ({@code O:+8:}, a filter bypass) is allowed too. Text such as {@code O:8 items} is not this.
 */
final class PhpObjectNotation {
    private static final int MAX_DIGITS = 4;

    private PhpObjectNotation() {
    }

    static boolean any(byte[] b, int off, int end) {
        for (int i = off; i + 8 < end; i++) {
            if ((b[i] == 'O' || b[i] == 'C') && b[i + 1] == ':' && (i == off || !Ascii.isWord(b[i - 1] & 0xFF))
                    && objectAt(b, i + 2, end)) {
                return true;
            }
        }
        return false;
    }

    /** After {@code O:}: length{@code :"}name{@code ":}count{@code :{}. */
    private static boolean objectAt(byte[] b, int i, int end) {
        if (i < end && b[i] == '+') {
            i++;
        }
        int digitsFrom = i;
        int length = 0;
        while (i < end && i - digitsFrom < MAX_DIGITS && Ascii.isDigit(b[i] & 0xFF)) {
            length = length * 10 + (b[i++] - '0');
        }
        if (i == digitsFrom || length == 0 || i + 2 + length + 2 > end || b[i] != ':' || b[i + 1] != '"') {
            return false;
        }
        int name = i + 2;
        if (!className(b, name, name + length) || b[name + length] != '"' || b[name + length + 1] != ':') {
            return false;
        }
        i = name + length + 2;
        int countFrom = i;
        while (i < end && i - countFrom < MAX_DIGITS && Ascii.isDigit(b[i] & 0xFF)) {
            i++;
        }
        return i > countFrom && i + 1 < end && b[i] == ':' && b[i + 1] == '{';
    }

    /** A PHP class name, {@code \}-separated namespaces allowed: letters, digits, {@code _}, bytes >= 0x80. */
    private static boolean className(byte[] b, int from, int to) {
        if (Ascii.isDigit(b[from] & 0xFF)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c == '$' || !(Ascii.isWord(c) || c == '\\')) {
                return false;
            }
        }
        return true;
    }
}
