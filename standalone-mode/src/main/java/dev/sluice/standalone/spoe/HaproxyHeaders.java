package dev.sluice.standalone.spoe;

import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.policy.identity.HeaderLookup;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The headers of HAProxy's {@code req.hdrs_bin} / {@code res.hdrs_bin}: pairs of SPOP strings
 * (name, value) ended by two empty ones. A repeated name keeps its first value, as
 * {@link HeaderLookup} asks. Bounded like the other front ends' header views: at most
 * {@value #MAX_HEADERS} headers are read; a list that does not parse is an invalid frame.
 */
final class HaproxyHeaders implements HeaderLookup {
    static final int MAX_HEADERS = 512;
    static final HaproxyHeaders EMPTY = new HaproxyHeaders(Map.of());

    private final Map<String, String> values;

    private HaproxyHeaders(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code hdrsBin}; null (the argument was not sent) gives no headers. */
    static HaproxyHeaders parse(byte[] hdrsBin) {
        if (hdrsBin == null || hdrsBin.length == 0) {
            return EMPTY;
        }
        Map<String, String> values = new HashMap<>();
        forEach(hdrsBin, (name, value) -> values.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return new HaproxyHeaders(values);
    }

    /**
     * The request head of {@code method}, {@code path} (with its query) and {@code hdrsBin} as
     * {@link HeadBytes}: every field in order with its repeats, within the same bounds.
     */
    static HeadBytes requestHead(String method, String path, byte[] hdrsBin) {
        return withFields(HeadBytes.request(method, path), hdrsBin);
    }

    /** The response head of {@code status} and {@code hdrsBin} (its {@code res.hdrs_bin}), as {@link #requestHead}. */
    static HeadBytes responseHead(int status, byte[] hdrsBin) {
        return withFields(HeadBytes.response(status), hdrsBin);
    }

    private static HeadBytes withFields(HeadBytes head, byte[] hdrsBin) {
        if (hdrsBin != null && hdrsBin.length > 0) {
            forEach(hdrsBin, head::header);
        }
        return head;
    }

    /** Each of the first {@value #MAX_HEADERS} (name, value) pairs of {@code hdrsBin}, in order. */
    private static void forEach(byte[] hdrsBin, BiConsumer<String, String> field) {
        SpopReader r = new SpopReader(Unpooled.wrappedBuffer(hdrsBin));
        for (int i = 0; i < MAX_HEADERS && r.hasMore(); i++) {
            byte[] name = r.bytes();
            byte[] value = r.bytes();
            if (name.length == 0 && value.length == 0) {
                return;
            }
            field.accept(new String(name, StandardCharsets.ISO_8859_1), new String(value, StandardCharsets.UTF_8));
        }
    }

    @Override
    public String first(String lowerCaseName) {
        return values.get(lowerCaseName);
    }

    int size() {
        return values.size();
    }
}
