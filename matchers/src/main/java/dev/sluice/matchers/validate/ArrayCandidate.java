package dev.sluice.matchers.validate;

/**
 * A {@link CandidateView} over a plain array, where the whole array region is one value.
 * Used by tests and by code that validates a value it already holds whole; mutable and
 * reusable so a caller can validate many spans without allocating.
 */
public final class ArrayCandidate implements CandidateView {
    private byte[] buf = new byte[0];
    private int valueStart;
    private int valueEnd;
    private int off;
    private int len;
    private String key;
    private String parentKey;

    /** A view of the whole of {@code value}. */
    public static ArrayCandidate of(byte[] value) {
        return new ArrayCandidate().reset(value, 0, value.length, 0, value.length);
    }

    /** A view of the UTF-8 bytes of {@code value}. */
    public static ArrayCandidate of(String value) {
        return of(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Points this view at {@code [off, off + len)} inside the value {@code [valueStart, valueEnd)}
     * of {@code buf}; returns this.
     */
    public ArrayCandidate reset(byte[] buf, int valueStart, int valueEnd, int off, int len) {
        this.buf = buf;
        this.valueStart = valueStart;
        this.valueEnd = valueEnd;
        this.off = off;
        this.len = len;
        this.key = null;
        this.parentKey = null;
        return this;
    }

    /** Sets the name the value was found under ({@link CandidateView#key()}); returns this. */
    public ArrayCandidate key(String key) {
        this.key = key;
        return this;
    }

    /** Sets the name one level up ({@link CandidateView#parentKey()}); returns this. */
    public ArrayCandidate parentKey(String parentKey) {
        this.parentKey = parentKey;
        return this;
    }

    @Override
    public byte[] buf() {
        return buf;
    }

    @Override
    public int off() {
        return off;
    }

    @Override
    public int len() {
        return len;
    }

    @Override
    public int before(int k) {
        int i = off - k;
        return i >= valueStart ? buf[i] & 0xFF : -1;
    }

    @Override
    public int after(int k) {
        int i = off + len + k - 1;
        return i < valueEnd ? buf[i] & 0xFF : -1;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String parentKey() {
        return parentKey;
    }

    @Override
    public String toString() {
        return "ArrayCandidate[len=" + len + "]";
    }
}
