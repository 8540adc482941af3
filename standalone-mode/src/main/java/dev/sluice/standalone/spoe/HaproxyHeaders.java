package dev.sluice.standalone.spoe;

import dev.sluice.policy.identity.HeaderLookup;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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
        SpopReader r = new SpopReader(Unpooled.wrappedBuffer(hdrsBin));
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i <= MAX_HEADERS && r.hasMore(); i++) {
            byte[] name = r.bytes();
            byte[] value = r.bytes();
            if (name.length == 0 && value.length == 0) {
                break;
            }
            if (i < MAX_HEADERS) {
                values.putIfAbsent(new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT),
                        new String(value, StandardCharsets.UTF_8));
            }
        }
        return new HaproxyHeaders(values);
    }

    @Override
    public String first(String lowerCaseName) {
        return values.get(lowerCaseName);
    }

    int size() {
        return values.size();
    }
}
