/**
 * The sidecar reverse proxy (Netty): {@link dev.sluice.standalone.proxy.SidecarProxy} started
 * with a {@link dev.sluice.standalone.proxy.ProxyConfig} and an exchange filter factory from
 * {@link dev.sluice.standalone.proxy.spi}. HTTP/1.1 and h2c to clients; pooled HTTP/1.1, or h2c
 * for gRPC, to the upstream. Everything else here is package-private: the client-side handlers
 * ({@code Http1ServerHandler}, {@code Http2StreamServerHandler}), the relay ({@code Exchange},
 * {@code MessagePump}) and the upstream pools. {@code standalone-mode/PROXY.md} describes the
 * behaviour.
 */
package dev.sluice.standalone.proxy;
