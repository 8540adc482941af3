package dev.sluice.grpc.walk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One value a walker reported, copied out of the visitor call (test data only). */
public record RecordedValue(String path, String key, String parentKey, ValueKind kind, WalkMode mode,
                            long bodyOffset, byte[] bytes) {

    public int length() {
        return bytes.length;
    }

    public long end() {
        return bodyOffset + bytes.length;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public boolean contains(long start, long end) {
        return bodyOffset <= start && end <= end();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedValue r && r.path.equals(path) && java.util.Objects.equals(r.key, key)
                && r.kind == kind && r.mode == mode && r.bodyOffset == bodyOffset && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Long.hashCode(bodyOffset);
    }

    @Override
    public String toString() {
        return path + " (" + key + ", " + kind + ", " + mode + ") @" + bodyOffset + "+" + bytes.length;
    }
}
