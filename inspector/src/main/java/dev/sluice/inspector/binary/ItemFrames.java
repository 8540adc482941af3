package dev.sluice.inspector.binary;

import dev.sluice.matchers.FieldContext;
import java.util.Arrays;

/**
 * The open maps and arrays of a binary document, innermost last: how many items each still
 * holds, whether a map waits for a key or a value, the current key, an array's index. Gives
 * each value its key, parent key, path ({@code $.users[0].card}) and container, as the JSON
 * parser does. Grows as deep as the parser allows (its depth limit); a frame is reused by the
 * next container opened at its depth.
 */
final class ItemFrames {
    private static final int INITIAL_DEPTH = 8;

    /** One open container. */
    private static final class Frame {
        boolean map;
        /** Items (for a map, pairs) still to come; -1 until a break. */
        long remaining;
        boolean awaitingKey;
        /** A map's current key, or null while none (or one that is no string or integer). */
        String key;
        /** The key the container sits under in its parent map, or null. */
        String holderKey;
        long index;
        /** This container's number among all opened: its members are siblings. */
        long serial;
    }

    private Frame[] frames = new Frame[INITIAL_DEPTH];
    private long opened;
    private int depth;

    int depth() {
        return depth;
    }

    private Frame top() {
        return frames[depth - 1];
    }

    /** Whether the next item is a map's key. */
    boolean atKey() {
        return depth > 0 && top().map && top().awaitingKey;
    }

    /** Opens a container of {@code count} items (pairs for a map), at least one, or -1 until a break. */
    void open(boolean map, long count) {
        String under = keyForChild();
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        Frame f = frames[depth];
        if (f == null) {
            f = new Frame();
            frames[depth] = f;
        }
        f.map = map;
        f.remaining = count;
        f.awaitingKey = map;
        f.key = null;
        f.holderKey = under;
        f.index = 0;
        f.serial = ++opened;
        depth++;
    }

    /** The current map key is {@code k}; the next item is its value. */
    void key(String k) {
        top().key = k;
        top().awaitingKey = false;
    }

    /**
     * An item ended at the current position (a key, a value, a whole container): counts it, and
     * closes every container it was the last item of.
     */
    void itemEnded() {
        while (depth > 0) {
            Frame f = top();
            if (f.map && f.awaitingKey) {
                f.awaitingKey = false; // a key that was no string or integer
                return;
            }
            if (f.map) {
                f.awaitingKey = true;
            } else {
                f.index++;
            }
            if (f.remaining < 0 || --f.remaining > 0) {
                return;
            }
            depth--;
        }
    }

    /** Closes the innermost container at a break; false when none ends at one, or a map waits for a value. */
    boolean breakContainer() {
        if (depth == 0 || top().remaining >= 0 || top().map && !top().awaitingKey) {
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
        return top().map ? top().key : top().holderKey;
    }

    /** Describes a value at the current position into {@code field} (cleared first), all but its path ({@link #pathOf}). */
    FieldContext describe(FieldContext field, String name) {
        String k = keyForChild();
        field.clear().key(k != null ? k : name);
        if (depth > 0) {
            Frame f = top();
            field.parentKey(f.map ? f.holderKey : depth > 1 ? frames[depth - 2].holderKey : null);
            field.container(this, f.serial, depth - 1);
        } else {
            field.parentKey(name);
        }
        return field;
    }

    /** Writes the current position's path into {@code field}: {@code $.users[0].card}. */
    FieldContext pathOf(FieldContext field) {
        StringBuilder path = field.path().append('$');
        for (int i = 0; i < depth; i++) {
            Frame f = frames[i];
            if (f.map) {
                path.append('.').append(f.key == null ? "?" : f.key);
            } else {
                path.append('[').append(f.index).append(']');
            }
        }
        return field;
    }
}
