package dev.sluice.inspector.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Turns a value's characters into the text they are base64 of ({@link Base64Text}), for
 * {@link DecodedContent}: text itself, or text compressed with gzip or zlib, as a CloudWatch
 * Logs subscription's {@code awslogs.data} and compressed queue messages carry it. Every byte of
 * the text stands for the whole value on the wire. Keeps its decode buffer for the next value;
 * one per parser.
 *
 * <p>Bounded: at most {@value #MAX_RATIO} times the compressed bytes, and at most
 * {@value #MAX_INFLATED} bytes, are inflated out of one value (a longer text is read up to
 * there), and only a body's own values are inflated (not those of a document decoded out of one),
 * so a body's decoded text is at most {@value #MAX_RATIO} times the body, where a
 * {@code Content-Encoding} may make it 200 times.
 */
final class Base64Decoder {
    static final int MAX_RATIO = 16;
    static final int MAX_INFLATED = 256 * 1024;

    private byte[] decoded;

    /**
     * The text {@code chars[s, e)} is base64 of, each byte standing for wire bytes
     * {@code [wireStart, wireEnd)}; null when the characters are not one base64 text or what
     * they hold is not text. With {@code inflate}, compressed text is inflated and read too.
     */
    DecodedString text(byte[] chars, int s, int e, long wireStart, long wireEnd, boolean inflate) {
        int room = (e - s) * 3 / 4 + 3;
        if (decoded == null || decoded.length < room) {
            decoded = new byte[Math.max(256, room)];
        }
        int n = Base64Text.decode(chars, s, e, decoded, inflate);
        if (n < 0) {
            return null;
        }
        return Base64Text.text(decoded, 0, n) ? standingFor(decoded, n, wireStart, wireEnd)
                : inflatedText(decoded, 0, n, wireStart, wireEnd);
    }

    /**
     * The text the gzip or zlib stream {@code b[off, off + n)} inflates to (within the bounds),
     * each byte standing for wire bytes {@code [wireStart, wireEnd)}; null when it gives nothing
     * or what it gives is not text.
     */
    static DecodedString inflatedText(byte[] b, int off, int n, long wireStart, long wireEnd) {
        byte[] text = inflated(b, off, n);
        return text == null || !Base64Text.text(text, 0, text.length) ? null
                : standingFor(text, text.length, wireStart, wireEnd);
    }

    private static DecodedString standingFor(byte[] text, int length, long wireStart, long wireEnd) {
        DecodedString doc = new DecodedString();
        doc.escaped(text, 0, length, wireStart, wireEnd);
        return doc;
    }

    /**
     * What the gzip or zlib stream {@code b[off, off + n)} inflates to, up to the bounds; what a
     * cut or damaged stream gave before it failed; null when it gave nothing.
     */
    private static byte[] inflated(byte[] b, int off, int n) {
        int limit = (int) Math.min(MAX_INFLATED, (long) n * MAX_RATIO);
        byte[] out = new byte[Math.min(limit, Math.max(256, n * 4))];
        int length = 0;
        ByteArrayInputStream compressed = new ByteArrayInputStream(b, off, n);
        try (InputStream in = (b[off] & 0xFF) == 0x1f ? new GZIPInputStream(compressed)
                : new InflaterInputStream(compressed)) {
            while (length < limit) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, Math.min(limit, out.length * 2));
                }
                int r = in.read(out, length, out.length - length);
                if (r < 0) {
                    break;
                }
                length += r;
            }
        } catch (IOException damaged) {
            // A stream cut or damaged: what it gave before is read.
        }
        return length == 0 ? null : Arrays.copyOf(out, length);
    }
}
