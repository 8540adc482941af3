package dev.sluice.standalone.proxy;

/** Which protocol the proxy speaks to the upstream. */
public enum UpstreamProtocol {
    /**
     * gRPC requests ({@code content-type: application/grpc...}) go over h2c with prior knowledge,
     * because gRPC needs HTTP/2 trailers; everything else over pooled HTTP/1.1 connections, which
     * every upstream speaks. The client's own version does not matter.
     */
    AUTO,
    /** Every request goes over h2c with prior knowledge (the upstream must speak it). */
    H2C
}
