package dev.sluice.standalone.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * A copy of what an exchange sent upstream, kept until the first byte of the response, so that
 * a request that met a pooled connection the server had just closed can be sent once more on a
 * new one. That race is inherent to HTTP/1.1 keep-alive (RFC 9112 §9.3.1): a server closes an
 * idle connection (Node.js after 5 s, gunicorn after 2 s) as the proxy writes the next request
 * on it, and nothing says whether the request was read. Over HTTP/1.1 only requests that may be
 * repeated are kept (RFC 9110 §9.2.2: the idempotent methods, and any request carrying an
 * {@code Idempotency-Key}); over h2c every request is, because there the server says which
 * streams it did not process (REFUSED_STREAM, GOAWAY: RFC 9113 §8.7), and only those are sent
 * again. Either way only while the body stays within {@link #MAX_BODY_BYTES}.
 * Not thread-safe: it lives on its exchange's event loop.
 */
final class RequestReplay {
    /** The most request body bytes kept for a repeat; a longer body is not repeated. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);
    private static final String IDEMPOTENCY_KEY = "idempotency-key";

    private final ArrayDeque<HttpObject> sent = new ArrayDeque<>(4);
    private long bodyBytes;

    private RequestReplay() {}

    /** A replay for {@code request} if it may be sent twice, else null. */
    static RequestReplay forRequest(HttpRequest request, boolean h2c) {
        boolean repeatable = h2c || IDEMPOTENT.contains(request.method())
                || request.headers().contains(IDEMPOTENCY_KEY);
        return repeatable ? new RequestReplay() : null;
    }

    /**
     * Keeps a copy of {@code message}, about to be written upstream (the caller keeps ownership
     * of the original); false when the body has grown past the limit, after which this replay
     * holds nothing and must be dropped.
     */
    boolean record(HttpObject message) {
        if (message instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            if (bodyBytes > MAX_BODY_BYTES) {
                release();
                return false;
            }
            sent.add(content.retainedDuplicate());
        } else {
            sent.add(message);
        }
        return true;
    }

    /** Hands over the copies, oldest first; this replay holds nothing afterwards. */
    ArrayDeque<HttpObject> take() {
        ArrayDeque<HttpObject> copies = new ArrayDeque<>(sent);
        sent.clear();
        return copies;
    }

    /** Frees the copies. */
    void release() {
        HttpObject m;
        while ((m = sent.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
