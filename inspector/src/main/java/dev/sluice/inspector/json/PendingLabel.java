package dev.sluice.inspector.json;

import dev.sluice.matchers.FieldContext;

/**
 * The label siblings of one open object kept as bytes: the latest ({@code "type": "passport"})
 * and, when there were more, the first ({@code {"Name": "/prod/db/password", "Type":
 * "SecureString", "Value": …}}), their strings made only when a sink asks
 * ({@link FieldContext#label(FieldContext.LabelSource)}). One per nesting level, reused for
 * every object at that level; each holds at most {@value #MAX_BYTES} bytes (longer strings do
 * not label anything).
 */
final class PendingLabel implements FieldContext.LabelSource {
    static final int MAX_BYTES = 64;

    private final LabelValues strings;
    private final OneLabel latest = new OneLabel();
    private final OneLabel first = new OneLabel();
    private int count;

    PendingLabel(LabelValues strings) {
        this.strings = strings;
    }

    /** Forgets the labels, for another object. */
    void clear() {
        count = 0;
    }

    /** Keeps {@code b[s, e)}, which is at most {@link #MAX_BYTES} long, as the latest label. */
    void add(byte[] b, int s, int e) {
        if (count == 1) {
            first.copy(latest);
        }
        latest.set(b, s, e);
        count++;
    }

    @Override
    public String label() {
        return latest.string(strings);
    }

    @Override
    public String firstLabel() {
        return count > 1 ? first.string(strings) : null;
    }

    /** One label's bytes and, once asked for, its string. */
    private static final class OneLabel {
        private final byte[] bytes = new byte[MAX_BYTES];
        private int length;
        private String made;

        void set(byte[] b, int s, int e) {
            length = e - s;
            System.arraycopy(b, s, bytes, 0, length);
            made = null;
        }

        void copy(OneLabel other) {
            set(other.bytes, 0, other.length);
            made = other.made;
        }

        String string(LabelValues strings) {
            if (made == null) {
                made = strings.of(bytes, 0, length);
            }
            return made;
        }
    }
}
