package dev.sluice.inspector.head;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.text.PercentEscape;
import dev.sluice.policy.Decision;
import dev.sluice.policy.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A request's target with a decision's masks applied to the values found in its path and query,
 * for a front end to send upstream in place of the one received: a card number in
 * {@code ?card=4111%201111%201111%201111} leaves as {@code ?card=****%20****%20****%201111}, so the
 * service's access log never holds it.
 *
 * <p>Each span is percent-decoded as it was read ({@code +} is a space in the query), masked as a
 * decoded value (so that {@code keep_last_4} counts digits, not escapes), and percent-encoded back
 * with every byte outside RFC 3986's unreserved characters and the sub-delimiters that cannot end
 * a value ({@code !$'()*,;:@}) escaped: a mask never adds a segment, a parameter or a fragment.
 * Spans that overlap one masked before them are left as they are, as are those outside the
 * target (header fields, which {@link HeadRedactor} rewrites).
 */
public final class TargetRedactor {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Besides letters and digits, what a mask keeps unescaped: unreserved and sub-delimiters that end no value. */
    private static final String KEPT = "-._~!$'()*,;:@";

    private record Span(int start, int end, Redaction redaction) {
    }

    private TargetRedactor() {
    }

    /**
     * {@code head}'s target (a request's) with {@code decision}'s redactions of {@code findings}
     * (the head's own, in the order the policy was given them) applied, or null when none falls in it.
     */
    public static String rewrite(HeadBytes head, Decision decision, List<Finding> findings) {
        return rewrite(head, decision, findings, 0);
    }

    /**
     * As {@link #rewrite(HeadBytes, Decision, List)}, the head's findings being those of
     * {@code findings} from index {@code first} on (they were decided after others, a body's).
     */
    public static String rewrite(HeadBytes head, Decision decision, List<Finding> findings, int first) {
        int from = head.targetStart();
        int to = head.targetEnd();
        if (from < 0) {
            return null;
        }
        List<Span> spans = new ArrayList<>();
        for (Redaction r : decision.redactions()) {
            if (r.index() >= first && r.index() < findings.size()) {
                Finding f = findings.get(r.index());
                if (f.start() >= from && f.end() <= to && f.end() > f.start()) {
                    spans.add(new Span((int) f.start(), (int) f.end(), r));
                }
            }
        }
        if (spans.isEmpty()) {
            return null;
        }
        spans.sort(Comparator.comparingInt(Span::start));
        byte[] bytes = head.bytes();
        int query = indexOf(bytes, (byte) '?', from, to);
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 32);
        int copied = from;
        for (Span s : spans) {
            if (s.start() < copied) {
                continue; // overlaps one masked already
            }
            out.write(bytes, copied, s.start() - copied);
            byte[] value = decode(bytes, s.start(), s.end(), query >= 0 && s.start() > query);
            encode(s.redaction().replacement(value, 0, value.length), out);
            copied = s.end();
        }
        out.write(bytes, copied, to - copied);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** {@code bytes[from, to)} percent-decoded (an invalid escape kept as it is), {@code +} a space in a query. */
    static byte[] decode(byte[] bytes, int from, int to, boolean query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            int hi = i + 2 < to ? PercentEscape.hexValue(bytes[i + 1]) : -1;
            int lo = i + 2 < to ? PercentEscape.hexValue(bytes[i + 2]) : -1;
            if (b == '%' && hi >= 0 && lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(query && b == '+' ? ' ' : b);
            }
        }
        return out.toByteArray();
    }

    /** {@code value} percent-encoded for a path segment or a query value. */
    static void encode(byte[] value, ByteArrayOutputStream out) {
        for (byte v : value) {
            int b = v & 0xff;
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || KEPT.indexOf(b) >= 0) {
                out.write(b);
            } else {
                out.write('%');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
        }
    }
}
