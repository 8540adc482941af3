package dev.sluice.grpc.walk;

import java.util.Arrays;

/**
 * The path of the value being reported, kept as a reusable character buffer with a stack of
 * segments so that walking a field costs an append and a truncate, and a {@code String} is made
 * only when a visitor asks for one.
 *
 * <p>Notation: field names joined by dots from the root message ({@code payment.card.number});
 * a repeated element's index in brackets ({@code items[2]}); a map entry's key in brackets
 * ({@code labels[env]}), rendered as text (numbers in decimal, booleans as {@code true} /
 * {@code false}), with {@code \} and {@code ]} escaped by a backslash and cut to
 * {@value #MAX_KEY_CHARS} characters (then ending in {@code …}); schema-less fields by number
 * ({@code 1.3.2}).
 *
 * <p>Each segment also carries a context key (what the value is stored under): a field's name,
 * a map entry's key, or null for a field known only by number; an index segment keeps its
 * field's key. {@link #key()} and {@link #parentKey()} give the innermost two.
 *
 * <p>Owned by one walker; a visitor only reads it during its call.
 */
public final class FieldPath implements CharSequence {
    /** Longest map key rendered into a path; longer keys are cut. */
    public static final int MAX_KEY_CHARS = 128;

    private char[] chars = new char[128];
    private int length;
    private int depth;
    private int[] marks = new int[16];
    private String[] keys = new String[16];
    private String[] parents = new String[16];
    /**
     * Per segment, a number for the message (or repeated element, or map entry) it opens
     * ({@link #containerSerial()}); the root message's apart. Never reused by this path.
     */
    private long[] serials = new long[16];
    private long rootSerial;
    private long opened;
    private String cached;

    FieldPath() {
    }

    /** The context key of the innermost segment, or null at the root or for a numbered field. */
    public String key() {
        return depth == 0 ? null : keys[depth - 1];
    }

    /** The context key one level above {@link #key()}, or null. */
    public String parentKey() {
        return depth == 0 ? null : parents[depth - 1];
    }

    /**
     * A number for the message instance the current value's field belongs to, the same for every
     * field of it and different for any other this path has walked (each repeated element and map
     * entry is one of its own): its fields are siblings, as a JSON object's members are.
     */
    public long containerSerial() {
        int k = depth - 2; // the segment that opened the enclosing message
        return k < 0 ? rootSerial : serials[k];
    }

    /** How deep {@link #containerSerial()}'s message is: 0 for the root message. */
    public int containerDepth() {
        return Math.max(0, depth - 1);
    }

    /** Number of segments (a repeated element counts its name and its index). */
    public int segments() {
        return depth;
    }

    /** Appends the path to {@code out} without making a String. */
    public void appendTo(StringBuilder out) {
        out.append(chars, 0, length);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        String s = cached;
        if (s == null) {
            s = new String(chars, 0, length);
            cached = s;
        }
        return s;
    }

    void clear() {
        length = 0;
        depth = 0;
        cached = null;
        rootSerial = ++opened; // another message
    }

    /** Restores the path to {@code segments} segments (a value of {@link #segments()} taken earlier). */
    void popTo(int segments) {
        if (segments < depth) {
            depth = segments;
            length = marks[segments];
            cached = null;
        }
    }

    void pushField(String name) {
        String parent = key();
        open(name, parent);
        if (length > 0) {
            append('.');
        }
        append(name);
    }

    void pushIndex(int index) {
        String key = key();
        String parent = parentKey();
        open(key, parent);
        append('[');
        appendInt(index);
        append(']');
    }

    /** A map entry's (or Struct member's) key; {@code key} is the key's text, unescaped. */
    void pushMapKey(String key) {
        String parent = key();
        open(key, parent);
        append('[');
        int n = Math.min(key.length(), MAX_KEY_CHARS);
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c == ']' || c == '\\') {
                append('\\');
            }
            append(c);
        }
        if (n < key.length()) {
            append('…');
        }
        append(']');
    }

    void pushNumber(int number) {
        String parent = key();
        open(null, parent);
        if (length > 0) {
            append('.');
        }
        appendInt(number);
    }

    private void open(String key, String parent) {
        if (depth == marks.length) {
            int n = depth * 2;
            marks = Arrays.copyOf(marks, n);
            keys = Arrays.copyOf(keys, n);
            parents = Arrays.copyOf(parents, n);
            serials = Arrays.copyOf(serials, n);
        }
        marks[depth] = length;
        serials[depth] = ++opened;
        keys[depth] = key;
        parents[depth] = parent;
        depth++;
        cached = null;
    }

    private void append(char c) {
        ensure(1);
        chars[length++] = c;
    }

    private void append(String s) {
        int n = s.length();
        ensure(n);
        s.getChars(0, n, chars, length);
        length += n;
    }

    private void appendInt(int value) {
        if (value < 0) {
            append(Integer.toString(value));
            return;
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        int at = length + digits;
        int v = value;
        do {
            chars[--at] = (char) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        length += digits;
    }

    private void ensure(int extra) {
        if (length + extra > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + extra));
        }
    }
}
