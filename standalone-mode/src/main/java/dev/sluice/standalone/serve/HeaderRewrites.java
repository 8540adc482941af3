package dev.sluice.standalone.serve;

import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.matchers.Direction;
import dev.sluice.standalone.proxy.spi.HeaderMap;
import java.util.List;

/** Between the proxy's header maps and the inspector's heads: reading fields in, setting rewritten ones back. */
final class HeaderRewrites {
    private HeaderRewrites() {
    }

    /** {@code fields} (a response's head or trailers) as the head of a response of {@code status}; null when empty. */
    static HeadBytes responseHead(int status, HeaderMap fields) {
        return fields(Direction.RESPONSE, status, null, fields);
    }

    /**
     * {@code fields} (a message's trailers, or a response's head) as a head's: a response's under
     * its {@code status}, a request's trailers under its {@code method}
     * ({@link HeadBytes#requestTrailers}); null when empty, before anything is made.
     */
    static HeadBytes fields(Direction direction, int status, String method, HeaderMap fields) {
        if (fields == null || fields.size() == 0) {
            return null;
        }
        HeadBytes bytes = HeadBytes.forFields(direction, status, method);
        fields.forEach(bytes::header);
        return bytes;
    }

    /**
     * Puts {@code rewritten} in {@code fields} (a head's or trailers'): each name's values
     * replaced by its rewritten list. True when there was any.
     */
    static boolean set(HeaderMap fields, List<HeadRedactor.Rewritten> rewritten) {
        for (HeadRedactor.Rewritten field : rewritten) {
            fields.remove(field.name());
            field.values().forEach(v -> fields.add(field.name(), v));
        }
        return !rewritten.isEmpty();
    }
}
