package dev.sluice.inspector.binary;

import dev.sluice.matchers.FieldContext;
import java.util.Arrays;

/**
 * The open maps and arrays of a binary document, innermost last: how many items each still
 * holds, whether a map waits for a key or a value, the current key, an array's index. Gives
 * each value its key, parent key, path ({@code $.users[0].card}) and container, as the JSON
 * parser does. Grows as deep as the parser allows (its depth limit).
 */
final class ItemFrames {
    private static final int INITIAL_DEPTH = 8;

    private boolean[] isMap = new boolean[INITIAL_DEPTH];
    /** Items (for a map, pairs) still to come; -1 until a break. */
    private long[] remaining = new long[INITIAL_DEPTH];
    private boolean[] awaitingKey = new boolean[INITIAL_DEPTH];
    /** A map's current key, or null while none (or one that is no string or integer). */
    private String[] key = new String[INITIAL_DEPTH];
    /** The key the container sits under in its parent map, or null. */
    private String[] holderKey = new String[INITIAL_DEPTH];
    private long[] index = new long[INITIAL_DEPTH];
    private long[] serial = new long[INITIAL_DEPTH];
    private long opened;
    private int depth;

    int depth() {
        return depth;
    }

    /** Whether the next item is a map's key. */
    boolean atKey() {
        return depth > 0 && isMap[depth - 1] && awaitingKey[depth - 1];
    }

    /** Whether the innermost container ends at a break. */
    boolean indefinite() {
        return depth > 0 && remaining[depth - 1] < 0;
    }

    /** Whether the innermost container is a map waiting for the value of a key it has. */
    boolean awaitingValue() {
        return depth > 0 && isMap[depth - 1] && !awaitingKey[depth - 1];
    }

    /** Opens a container of {@code count} items (pairs for a map), -1 until a break, at least one or -1. */
    void open(boolean map, long count) {
        String under = keyForChild();
        if (depth == isMap.length) {
            int n = depth * 2;
            isMap = Arrays.copyOf(isMap, n);
            remaining = Arrays.copyOf(remaining, n);
            awaitingKey = Arrays.copyOf(awaitingKey, n);
            key = Arrays.copyOf(key, n);
            holderKey = Arrays.copyOf(holderKey, n);
            index = Arrays.copyOf(index, n);
            serial = Arrays.copyOf(serial, n);
        }
        isMap[depth] = map;
        remaining[depth] = count;
        awaitingKey[depth] = map;
        key[depth] = null;
        holderKey[depth] = under;
        index[depth] = 0;
        serial[depth] = ++opened;
        depth++;
    }

    /** The current map key is {@code k}; the next item is its value. */
    void key(String k) {
        key[depth - 1] = k;
        awaitingKey[depth - 1] = false;
    }

    /**
     * An item ended at the current position (a key, a value, a whole container): counts it, and
     * closes every container it was the last item of.
     */
    void itemEnded() {
        while (depth > 0) {
            int top = depth - 1;
            if (isMap[top] && awaitingKey[top]) {
                awaitingKey[top] = false; // a key that was no string or integer
                return;
            }
            if (isMap[top]) {
                awaitingKey[top] = true;
            } else {
                index[top]++;
            }
            if (remaining[top] < 0 || --remaining[top] > 0) {
                return;
            }
            depth--;
        }
    }

    /** Closes the innermost container at a break; false when none ends at one, or a map waits for a value. */
    boolean breakContainer() {
        if (!indefinite() || awaitingValue()) {
            return false;
        }
        depth--;
        return true;
    }

    /** The key a value here is stored under: a map's current key, or an array's own key. */
    String keyForChild() {
        if (depth == 0) {
            return null;
        }
        int top = depth - 1;
        return isMap[top] ? key[top] : holderKey[top];
    }

    /** Describes a value at the current position into {@code field} (cleared first), all but its path ({@link #pathOf}). */
    FieldContext describe(FieldContext field, String name) {
        String k = keyForChild();
        field.clear().key(k != null ? k : name);
        if (depth > 0) {
            int top = depth - 1;
            field.parentKey(isMap[top] ? holderKey[top] : top > 0 ? holderKey[top - 1] : null);
            field.container(this, serial[top], top);
        } else {
            field.parentKey(name);
        }
        return field;
    }

    /** Writes the current position's path into {@code field}: {@code $.users[0].card}. */
    FieldContext pathOf(FieldContext field) {
        StringBuilder path = field.path().append('$');
        for (int i = 0; i < depth; i++) {
            if (isMap[i]) {
                path.append('.').append(key[i] == null ? "?" : key[i]);
            } else {
                path.append('[').append(index[i]).append(']');
            }
        }
        return field;
    }
}
