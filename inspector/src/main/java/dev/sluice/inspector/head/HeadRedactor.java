package dev.sluice.inspector.head;

import dev.sluice.inspector.Finding;
import dev.sluice.policy.Decision;
import dev.sluice.policy.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A head's field values with a decision's masks applied, for a front end to set in place of the
 * ones it received. Each redacted finding's wire offsets name a span of {@link HeadBytes#bytes()}
 * inside one field's value; the span is replaced by its mask of the bytes as sent (a value read
 * percent-decoded, a cookie's, is masked as sent too). A mask's control bytes, which no field
 * value may hold, become {@code *}. Spans that overlap one masked before them are left as they
 * are, as are spans outside any field (a request's target). A gRPC binary field ({@code -bin}),
 * read decoded, is removed when any of its findings is redacted: a name's list of values may
 * then be empty, and the front end removes the name.
 */
public final class HeadRedactor {
    /**
     * Every value of the header {@code name} in the order received, the redacted ones rewritten:
     * the front end replaces all of that name's values with these, which keeps the order of
     * repeated fields ({@code Set-Cookie}).
     */
    public record Rewritten(String name, List<String> values) {
        public Rewritten {
            values = List.copyOf(values);
        }
    }

    private record Span(int start, int end, Redaction redaction) {
    }

    private HeadRedactor() {
    }

    /**
     * The fields of {@code head} that {@code decision}'s redactions of {@code findings} (the
     * head's own, in the order the policy was given them) rewrite; empty when none does.
     */
    public static List<Rewritten> rewrite(HeadBytes head, Decision decision, List<Finding> findings) {
        return rewrite(head, decision, findings, 0);
    }

    /**
     * As {@link #rewrite(HeadBytes, Decision, List)}, the head's findings being those of
     * {@code findings} from index {@code first} on (they were decided after others, a body's).
     */
    public static List<Rewritten> rewrite(HeadBytes head, Decision decision, List<Finding> findings, int first) {
        List<Span> spans = new ArrayList<>();
        for (Redaction r : decision.redactions()) {
            if (r.index() >= first && r.index() < findings.size()) {
                Finding f = findings.get(r.index());
                spans.add(new Span((int) Math.min(Integer.MAX_VALUE, f.start()),
                        (int) Math.min(Integer.MAX_VALUE, f.end()), r));
            }
        }
        if (spans.isEmpty()) {
            return List.of();
        }
        spans.sort(Comparator.comparingInt(Span::start));
        byte[] bytes = head.bytes();
        Map<Integer, String> changed = new LinkedHashMap<>();
        int spanAt = 0;
        for (HeadBytes.Field field : head.fields()) {
            while (spanAt < spans.size() && spans.get(spanAt).start() < field.valueStart()) {
                spanAt++;
            }
            if (BinaryFieldValue.binary(field.name().toLowerCase(Locale.ROOT))) {
                // A binary field's findings lie in its decoded bytes, which no span of the base64
                // text holds: a redaction there removes the field (a masked base64 text would no
                // longer decode, and a client that reads the field would fail on it).
                boolean redacted = false;
                while (spanAt < spans.size() && spans.get(spanAt).end() <= field.valueEnd()) {
                    redacted |= spans.get(spanAt++).end() > field.valueStart();
                }
                if (redacted) {
                    changed.put(field.index(), null);
                }
                continue;
            }
            StringBuilder value = null;
            int copied = field.valueStart();
            while (spanAt < spans.size() && spans.get(spanAt).end() <= field.valueEnd()) {
                Span s = spans.get(spanAt++);
                if (s.start() < copied || s.end() <= s.start()) {
                    continue; // overlaps one masked already, or empty
                }
                if (value == null) {
                    value = new StringBuilder(field.valueEnd() - field.valueStart() + 16);
                }
                value.append(text(bytes, copied, s.start()))
                        .append(text(fieldSafe(s.redaction().replacement(bytes, s.start(), s.end() - s.start())),
                                0, -1));
                copied = s.end();
            }
            if (value != null) {
                changed.put(field.index(), value.append(text(bytes, copied, field.valueEnd())).toString());
            }
        }
        return rewrittenNames(head, bytes, changed);
    }

    /** For each name with a changed field: all of its values, changed ones replaced, removed ones (null) left out. */
    private static List<Rewritten> rewrittenNames(HeadBytes head, byte[] bytes, Map<Integer, String> changed) {
        if (changed.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (HeadBytes.Field field : head.fields()) {
            if (changed.containsKey(field.index())) {
                byName.putIfAbsent(field.name().toLowerCase(Locale.ROOT), new ArrayList<>());
            }
        }
        for (HeadBytes.Field field : head.fields()) {
            List<String> values = byName.get(field.name().toLowerCase(Locale.ROOT));
            if (values == null) {
                continue;
            }
            if (!changed.containsKey(field.index())) {
                values.add(text(bytes, field.valueStart(), field.valueEnd()));
            } else if (changed.get(field.index()) != null) {
                values.add(changed.get(field.index()));
            } // else removed
        }
        List<Rewritten> out = new ArrayList<>(byName.size());
        byName.forEach((name, values) -> out.add(new Rewritten(name, values)));
        return out;
    }

    /** {@code mask} with every byte a field value may not hold (controls, DEL) as {@code *}. */
    private static byte[] fieldSafe(byte[] mask) {
        byte[] out = null;
        for (int i = 0; i < mask.length; i++) {
            int b = mask[i] & 0xff;
            if (b < 0x20 && b != '\t' || b == 0x7f) {
                if (out == null) {
                    out = Arrays.copyOf(mask, mask.length);
                }
                out[i] = '*';
            }
        }
        return out == null ? mask : out;
    }

    /** {@code bytes[from, to)} as text ({@code to} -1: to the end). */
    private static String text(byte[] bytes, int from, int to) {
        int end = to < 0 ? bytes.length : to;
        return new String(bytes, from, Math.max(0, end - from), StandardCharsets.UTF_8);
    }
}
