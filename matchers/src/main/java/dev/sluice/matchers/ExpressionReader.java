package dev.sluice.matchers;

import java.nio.charset.StandardCharsets;

/**
 * A recursive-descent reading of the expression syntax the catalogs use (Hyperscan's PCRE
 * subset: literals, escapes, bracket classes, {@code (?:…)} groups, alternation, counted and open
 * repeats, {@code ^ $ \b \B}) into a value of an {@link Algebra}: what the engine works out
 * about an expression without running it (how short a match inside a JSON number can be,
 * {@link NumberFactors}; which bytes a match can hold, {@link MatchBytes}). {@code .} reads as
 * any byte. Syntax it does not know (flags, look-around, back-references, POSIX classes) is an
 * {@link IllegalArgumentException}: a reader that guessed would say something false.
 *
 * @param <T> what an expression node becomes
 */
final class ExpressionReader<T> {
    /** What each piece of syntax makes of the values of its parts. */
    interface Algebra<T> {
        /** The empty string: where a sequence starts. */
        T empty();

        /** A zero-width assertion ({@code ^ $ \b \B}). */
        T assertion();

        /** One byte of {@code set}. */
        T bytes(boolean[] set);

        /** {@code a} followed by {@code b}. */
        T then(T a, T b);

        /** {@code a} or {@code b}. */
        T either(T a, T b);

        /** {@code a} repeated {@code min} to {@code max} times ({@code max} < 0: unbounded). */
        T repeat(T a, int min, int max);
    }

    private final byte[] re;
    private final boolean caseless;
    private final Algebra<T> algebra;
    private int pos;

    private ExpressionReader(byte[] re, boolean caseless, Algebra<T> algebra) {
        this.re = re;
        this.caseless = caseless;
        this.algebra = algebra;
    }

    /**
     * {@code regex} as a value of {@code algebra}.
     *
     * @throws IllegalArgumentException for syntax this reader does not know
     */
    static <T> T read(String regex, boolean caseless, Algebra<T> algebra) {
        ExpressionReader<T> r = new ExpressionReader<>(regex.getBytes(StandardCharsets.UTF_8), caseless, algebra);
        try {
            T value = r.alternation();
            if (r.pos != r.re.length) {
                throw new IllegalArgumentException("unread syntax at " + r.pos);
            }
            return value;
        } catch (IndexOutOfBoundsException | NumberFormatException truncated) {
            throw new IllegalArgumentException("expression ends early", truncated);
        }
    }

    private T alternation() {
        T m = sequence();
        while (pos < re.length && re[pos] == '|') {
            pos++;
            m = algebra.either(m, sequence());
        }
        return m;
    }

    private T sequence() {
        T m = algebra.empty();
        while (pos < re.length && re[pos] != '|' && re[pos] != ')') {
            m = algebra.then(m, quantified());
        }
        return m;
    }

    private T quantified() {
        T atom = atom();
        while (pos < re.length) {
            byte c = re[pos];
            int min;
            int max;
            if (c == '*') {
                min = 0;
                max = -1;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '{' && isCount()) {
                pos++;
                min = number();
                max = min;
                if (re[pos] == ',') {
                    pos++;
                    max = re[pos] == '}' ? -1 : number();
                }
                pos++; // '}'
            } else {
                return atom;
            }
            if (pos < re.length && (re[pos] == '?' || re[pos] == '+')) {
                pos++; // lazy or possessive: the same strings
            }
            atom = algebra.repeat(atom, min, max);
        }
        return atom;
    }

    private boolean isCount() {
        int i = pos + 1;
        int digits = 0;
        while (i < re.length && Character.isDigit(re[i])) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i < re.length && re[i] == ',') {
            i++;
            while (i < re.length && Character.isDigit(re[i])) {
                i++;
            }
        }
        return i < re.length && re[i] == '}';
    }

    private int number() {
        int n = 0;
        while (Character.isDigit(re[pos])) {
            n = Math.min(n * 10 + (re[pos++] - '0'), 100_000);
        }
        return n;
    }

    private T atom() {
        byte c = re[pos];
        switch (c) {
            case '(' -> {
                pos++;
                if (pos + 1 < re.length && re[pos] == '?') {
                    if (re[pos + 1] != ':') {
                        throw new IllegalArgumentException("group kind"); // flags, look-around
                    }
                    pos += 2;
                }
                T m = alternation();
                if (pos >= re.length || re[pos] != ')') {
                    throw new IllegalArgumentException("unclosed group");
                }
                pos++;
                return m;
            }
            case '[' -> {
                return algebra.bytes(bracket());
            }
            case '.' -> {
                pos++;
                boolean[] all = new boolean[256];
                java.util.Arrays.fill(all, true);
                return algebra.bytes(all);
            }
            case '^', '$' -> {
                pos++;
                return algebra.assertion();
            }
            case '\\' -> {
                pos++;
                byte e = re[pos];
                if (e == 'b' || e == 'B') {
                    pos++;
                    return algebra.assertion();
                }
                return algebra.bytes(escape());
            }
            default -> {
                if (c == '*' || c == '+' || c == '?' || c == ')') {
                    throw new IllegalArgumentException("quantifier without atom");
                }
                pos++;
                return algebra.bytes(literal(c & 0xFF));
            }
        }
    }

    /** The escape after a backslash (outside or inside a bracket), as a byte set. */
    private boolean[] escape() {
        byte e = re[pos++];
        boolean[] s = new boolean[256];
        switch (e) {
            case 'd' -> range(s, '0', '9');
            case 'D' -> {
                range(s, '0', '9');
                invert(s);
            }
            case 'w' -> word(s);
            case 'W' -> {
                word(s);
                invert(s);
            }
            case 's' -> space(s);
            case 'S' -> {
                space(s);
                invert(s);
            }
            case 'n' -> s['\n'] = true;
            case 'r' -> s['\r'] = true;
            case 't' -> s['\t'] = true;
            case 'f' -> s['\f'] = true;
            case 'v' -> s[0x0B] = true;
            case 'x' -> s[hex()] = true;
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw new IllegalArgumentException("escape \\" + (char) e);
                }
                return literal(e & 0xFF);
            }
        }
        return s;
    }

    private int hex() {
        int v = Integer.parseInt(new String(re, pos, 2, StandardCharsets.US_ASCII), 16);
        pos += 2;
        return v;
    }

    private boolean[] bracket() {
        pos++; // '['
        boolean negate = pos < re.length && re[pos] == '^';
        if (negate) {
            pos++;
        }
        boolean[] s = new boolean[256];
        boolean first = true;
        while (pos < re.length && (re[pos] != ']' || first)) {
            first = false;
            if (re[pos] == '[' && pos + 1 < re.length && (re[pos + 1] == ':' || re[pos + 1] == '=' || re[pos + 1] == '.')) {
                throw new IllegalArgumentException("POSIX class"); // [:alpha:], [=a=], [.a.]
            }
            int lo;
            boolean[] single = null;
            if (re[pos] == '\\') {
                pos++;
                byte e = re[pos];
                if (e == 'x') {
                    pos++;
                    lo = hex();
                } else {
                    single = escape();
                    lo = -1;
                }
            } else {
                lo = re[pos++] & 0xFF;
            }
            if (single != null) {
                for (int b = 0; b < 256; b++) {
                    s[b] |= single[b];
                }
                continue;
            }
            if (pos + 1 < re.length && re[pos] == '-' && re[pos + 1] != ']') {
                pos++;
                int hi;
                if (re[pos] == '\\') {
                    pos++;
                    if (re[pos] == 'x') {
                        pos++;
                        hi = hex();
                    } else {
                        hi = re[pos++] & 0xFF;
                    }
                } else {
                    hi = re[pos++] & 0xFF;
                }
                for (int b = lo; b <= hi; b++) {
                    addCased(s, b);
                }
            } else {
                addCased(s, lo);
            }
        }
        if (pos >= re.length) {
            throw new IllegalArgumentException("unclosed bracket");
        }
        pos++; // ']'
        if (negate) {
            invert(s);
        }
        return s;
    }

    private boolean[] literal(int b) {
        boolean[] s = new boolean[256];
        addCased(s, b);
        return s;
    }

    private void addCased(boolean[] s, int b) {
        s[b] = true;
        if (caseless && b < 128 && Character.isLetter(b)) {
            s[Character.toLowerCase(b)] = true;
            s[Character.toUpperCase(b)] = true;
        }
    }

    private static void range(boolean[] s, char lo, char hi) {
        for (int b = lo; b <= hi; b++) {
            s[b] = true;
        }
    }

    private static void word(boolean[] s) {
        range(s, '0', '9');
        range(s, 'a', 'z');
        range(s, 'A', 'Z');
        s['_'] = true;
    }

    private static void space(boolean[] s) {
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0B}) {
            s[c] = true;
        }
    }

    private static void invert(boolean[] s) {
        for (int b = 0; b < 256; b++) {
            s[b] = !s[b];
        }
    }
}
