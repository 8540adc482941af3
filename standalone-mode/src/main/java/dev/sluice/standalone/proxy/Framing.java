package dev.sluice.standalone.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;

/**
 * How a forwarded message's body is delimited (RFC 9112 §6). The proxy decodes the incoming
 * framing, drops its fields ({@link HeadRewriter}) and sets them again for what it sends: the
 * HTTP/1.1 encoders frame by these fields, and the HTTP/2 codec drops {@code Transfer-Encoding}.
 */
enum Framing {
    /** The body keeps its length: Content-Length as received, else chunked. */
    AS_RECEIVED,
    /** Length unknown when the head leaves: no Content-Length; chunked on HTTP/1.1. */
    UNKNOWN_LENGTH,
    /** Length known: Content-Length set to it, no Transfer-Encoding. */
    KNOWN_LENGTH;

    /**
     * Sets the framing fields of {@code head}. A message that has no body ({@code bodyExpected}
     * false: a HEAD response, 1xx, 204, 304, a request without body) keeps its fields as they are,
     * so that a HEAD response still tells the length of the resource.
     *
     * @param length         the length for {@link #KNOWN_LENGTH}
     * @param declaredLength the received Content-Length, or -1
     */
    void apply(HttpMessage head, long length, boolean bodyExpected, long declaredLength) {
        if (!bodyExpected) {
            return;
        }
        long known = switch (this) {
            case AS_RECEIVED -> declaredLength;
            case UNKNOWN_LENGTH -> -1;
            case KNOWN_LENGTH -> length;
        };
        if (known >= 0) {
            head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            head.headers().set(HttpHeaderNames.CONTENT_LENGTH, known);
        } else {
            head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }
}
