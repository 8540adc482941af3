package dev.sluice.matchers;

/** Parses the inside of a bracket class ({@code A-Za-z0-9_\-}) into a 256-entry byte table. */
final class ByteClass {
    private ByteClass() {
    }

    /**
     * ASCII characters and ranges; a backslash escapes the punctuation character after it.
     * Anything else (class escapes such as {@code \d}, hex escapes, POSIX classes) is refused,
     * so a table is never silently narrower or wider than the regex class it stands for.
     */
    static boolean[] parse(String spec) {
        boolean[] set = new boolean[256];
        int i = 0;
        while (i < spec.length()) {
            char lo = spec.charAt(i++);
            if (lo == '\\') {
                lo = escaped(spec, i++);
            } else if (lo == '[' || lo == ']' || lo == '^' && i == 1) {
                throw new IllegalArgumentException("unsupported class: " + spec);
            }
            char hi = lo;
            if (i + 1 < spec.length() && spec.charAt(i) == '-') {
                hi = spec.charAt(i + 1);
                i += 2;
                if (hi == '\\') {
                    hi = escaped(spec, i++);
                }
            }
            if (lo > 0x7F || hi > 0x7F || hi < lo) {
                throw new IllegalArgumentException("unsupported class (ASCII ranges only): " + spec);
            }
            for (char b = lo; b <= hi; b++) {
                set[b] = true;
            }
        }
        return set;
    }

    private static char escaped(String spec, int i) {
        if (i >= spec.length() || Character.isLetterOrDigit(spec.charAt(i))) {
            throw new IllegalArgumentException("unsupported escape in class: " + spec);
        }
        return spec.charAt(i);
    }
}
