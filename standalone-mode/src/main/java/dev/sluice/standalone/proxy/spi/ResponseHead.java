package dev.sluice.standalone.proxy.spi;

import java.util.Objects;

/** The head of a response from the upstream: status and headers, with the request it answers. */
public final class ResponseHead implements MessageHead {
    private final int status;
    private final HeaderMap headers;
    private final RequestHead request;
    private final boolean grpc;

    /** Made by the proxy (and by tests of filters). */
    public ResponseHead(int status, HeaderMap headers, RequestHead request, boolean grpc) {
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.request = Objects.requireNonNull(request, "request");
        this.grpc = grpc;
    }

    public int status() {
        return status;
    }

    @Override
    public HeaderMap headers() {
        return headers;
    }

    public RequestHead request() {
        return request;
    }

    @Override
    public boolean grpc() {
        return grpc;
    }

    @Override
    public String toString() {
        return "ResponseHead[" + status + ", headers=" + headers + "]";
    }
}
