package dev.sluice.grpc.walk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects values and problems; checks that every reported range holds the reported bytes. */
public class RecordingVisitor implements ValueVisitor {
    public final List<RecordedValue> values = new ArrayList<>();
    public final List<String> problems = new ArrayList<>();

    @Override
    public void value(FieldPath path, String key, ValueKind kind, WalkMode mode,
                      byte[] buf, int off, int len, long bodyOffset) {
        if (len <= 0) {
            throw new AssertionError("empty value reported at " + path);
        }
        if (!java.util.Objects.equals(key, path.key())) {
            throw new AssertionError("key " + key + " differs from path key " + path.key());
        }
        StringBuilder copy = new StringBuilder();
        path.appendTo(copy);
        if (!copy.toString().equals(path.toString())) {
            throw new AssertionError("appendTo differs from toString");
        }
        values.add(new RecordedValue(path.toString(), key, path.parentKey(), kind, mode, bodyOffset,
                Arrays.copyOfRange(buf, off, off + len)));
    }

    @Override
    public void problem(WalkProblem problem, FieldPath path, long bodyOffset) {
        problems.add(problem + "@" + path + ":" + bodyOffset);
    }

    public RecordedValue at(String path) {
        List<RecordedValue> found = values.stream().filter(v -> v.path().equals(path)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one value at " + path + ", got " + found + " among " + values);
        }
        return found.get(0);
    }

    public List<String> paths() {
        return values.stream().map(RecordedValue::path).toList();
    }
}
