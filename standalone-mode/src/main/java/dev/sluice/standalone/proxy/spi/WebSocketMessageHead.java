package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/**
 * The head of one WebSocket message (RFC 6455 §5.6) as a filter sees it: which way it goes and
 * whether it is text or binary. A message has no header fields of its own; {@link #headers()} is
 * empty and read-only. Its body is the payload, and a filter may ask for any
 * {@link HeadDecision}: held, streamed, rewritten, or blocked, which closes the connection.
 */
public final class WebSocketMessageHead implements MessageHead {
    private final boolean fromClient;
    private final boolean text;
    private final HeaderMap headers;

    /** Made by the proxy (and by tests of filters); {@code headers} is what {@link #headers()} returns. */
    public WebSocketMessageHead(boolean fromClient, boolean text, HeaderMap headers) {
        this.fromClient = fromClient;
        this.text = text;
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    /** True for a message the client sent, false for one from the upstream. */
    public boolean fromClient() {
        return fromClient;
    }

    /** True for a text message (UTF-8), false for a binary one. */
    public boolean text() {
        return text;
    }

    @Override
    public HeaderMap headers() {
        return headers;
    }

    @Override
    public boolean grpc() {
        return false;
    }

    @Override
    public String toString() {
        return "WebSocketMessageHead[" + (fromClient ? "from client" : "from upstream") + ", "
                + (text ? "text" : "binary") + "]";
    }
}
