package dev.sluice.standalone.proxy.spi;

/** The head of a request or a response as the filter sees it. */
public sealed interface MessageHead permits RequestHead, ResponseHead, WebSocketMessageHead {

    /**
     * The header fields, minus hop-by-hop ones. Writable during the {@link MessageFilter#onHead}
     * call that receives this head; read-only afterwards.
     */
    HeaderMap headers();

    /** Whether this is a gRPC message ({@code content-type: application/grpc[+codec]}). */
    boolean grpc();
}
