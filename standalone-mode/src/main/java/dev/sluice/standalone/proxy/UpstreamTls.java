package dev.sluice.standalone.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * TLS to an {@code https://} upstream: whom to trust (the JDK's trust store, or the CA
 * certificates of a PEM file), an optional client certificate for upstreams that require mutual
 * TLS, and the name to send (SNI) and verify the upstream's certificate against, which defaults
 * to the upstream's host. The certificate is always verified, host name included: a WAF that
 * would talk to any upstream that answers the handshake would hand its traffic to whoever sits
 * on the path.
 *
 * <p>HTTP/1.1 connections offer {@code http/1.1} in ALPN, HTTP/2 connections (gRPC) {@code h2}.
 */
public final class UpstreamTls {
    private final SslContext http1;
    private final SslContext h2;
    private final String serverName;

    private UpstreamTls(SslContext http1, SslContext h2, String serverName) {
        this.http1 = http1;
        this.h2 = h2;
        this.serverName = serverName;
    }

    /** Trusts the JDK's CA certificates, presents no certificate, verifies the upstream's host. */
    public static UpstreamTls systemTrust() {
        return fromPem(null, null, null, null);
    }

    /**
     * {@code ca}: PEM CA certificates to trust instead of the JDK's (null: the JDK's);
     * {@code certChain} and {@code key}: a client certificate and its PKCS#8 key, both or neither;
     * {@code serverName}: the name to send and verify (null: the upstream's host).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static UpstreamTls fromPem(Path ca, Path certChain, Path key, String serverName) {
        if ((certChain == null) != (key == null)) {
            throw new IllegalArgumentException("an upstream client certificate needs both its certificate and key file");
        }
        if (ca != null) {
            TlsContexts.readable("upstream CA file", ca);
        }
        if (certChain != null) {
            TlsContexts.readable("upstream certificate file", certChain);
            TlsContexts.readable("upstream key file", key);
        }
        if (serverName != null && !isHostName(serverName)) {
            throw new IllegalArgumentException("upstream server name must be a host name");
        }
        TlsContexts.Preparation prepare = () -> {
            SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
            if (ca != null) {
                b.trustManager(ca.toFile());
            }
            return certChain == null ? b : b.keyManager(certChain.toFile(), key.toFile());
        };
        String what = ca == null && certChain == null ? "upstream TLS" : "upstream TLS files";
        return new UpstreamTls(TlsContexts.build(what, prepare, TlsContexts.HTTP1_ONLY),
                TlsContexts.build(what, prepare, TlsContexts.H2_ONLY), serverName);
    }

    /**
     * Whether {@code name} can be sent in SNI and checked against a certificate: not empty, no
     * white space, control characters, {@code /} or non-ASCII (an IDN goes in its ASCII form).
     */
    public static boolean isHostName(String name) {
        return !name.isEmpty() && name.chars().noneMatch(c -> c <= ' ' || c == '/' || c >= 0x7f);
    }

    /** A handler for one connection to {@code host:port}; the handshake must end within {@code timeout}. */
    SslHandler newHandler(ByteBufAllocator alloc, boolean overH2, String host, int port, Duration timeout) {
        SslHandler handler = (overH2 ? h2 : http1).newHandler(alloc, serverName != null ? serverName : host, port);
        handler.setHandshakeTimeoutMillis(Math.max(1, timeout.toMillis()));
        return handler;
    }

    /**
     * Completes when the connection {@code connect} opens can carry requests: once connected in
     * cleartext, once its TLS handshake is done otherwise. Fails with the connect failure, or
     * with an {@link SSLException} saying the handshake failed and why (an untrusted or
     * mismatched certificate, a handshake that timed out).
     */
    static Future<Void> ready(ChannelFuture connect) {
        Promise<Void> ready = connect.channel().eventLoop().newPromise();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            SslHandler ssl = connect.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                ready.trySuccess(null);
                return;
            }
            ssl.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    ready.trySuccess(null);
                } else {
                    ready.tryFailure(new SSLException("TLS handshake with the upstream failed: "
                            + h.cause().getMessage(), h.cause()));
                }
            });
        });
        return ready;
    }

    @Override
    public String toString() {
        return "UpstreamTls[serverName=" + serverName + "]";
    }
}
