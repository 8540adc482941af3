package dev.sluice.standalone.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What an {@link Upstream} reports to its exchange, on the exchange's event loop. */
interface UpstreamListener {

    /** The final (non-1xx) response head; its body follows. Not reference-counted. */
    void onResponseHead(HttpResponse head);

    /** A part of the response body; a {@link io.netty.handler.codec.http.LastHttpContent} ends it. Takes ownership. */
    void onResponseContent(HttpContent content);

    /** A batch of reads ended: time to flush what was written downstream. */
    void onResponseReadComplete();

    void onUpstreamWritabilityChanged(boolean writable);

    /** The connection or stream ended before the exchange released it. */
    void onUpstreamClosed();
}
