package dev.sluice.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One JSON body of an exact size made of corpus documents: a top-level array of the
 * documents repeated in order ({@code [d0,\nd1,\n...,d0,\n...]}), closed, then padded with
 * newlines to the requested size. The result is one valid JSON document (whitespace after
 * the root value is allowed), so it inspects without a parse error, and its exact size makes
 * MB/s a plain multiple of operations per second.
 */
public final class RepeatedJsonBody {
    public static final int MIB = 1 << 20;
    private static final byte[] SEPARATOR = {',', '\n'};

    private RepeatedJsonBody() {
    }

    /** A body of exactly {@code size} bytes holding as many whole documents as fit, at least one. */
    public static byte[] build(List<byte[]> docs, int size) {
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("no documents to repeat");
        }
        byte[] body = new byte[size];
        int at = 0;
        body[at++] = '[';
        int count = 0;
        for (int i = 0; ; i = (i + 1) % docs.size()) {
            byte[] doc = docs.get(i);
            int sep = count == 0 ? 0 : SEPARATOR.length;
            if (at + sep + doc.length + 1 > size) {
                break;
            }
            System.arraycopy(SEPARATOR, 0, body, at, sep);
            at += sep;
            System.arraycopy(doc, 0, body, at, doc.length);
            at += doc.length;
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException(size + " bytes cannot hold a single document");
        }
        body[at++] = ']';
        Arrays.fill(body, at, size, (byte) '\n');
        return body;
    }
}
