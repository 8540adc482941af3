package dev.sluice.standalone.proxy;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on the proxy's listener: the certificate chain and private key it presents (PEM files, the
 * shape of a Kubernetes TLS secret) and, for mutual TLS, the CA certificates a client's
 * certificate must chain to. The files are read once, when this is made, so a bad file stops
 * startup rather than the first handshake; renewed certificates take a restart.
 *
 * <p>ALPN offers {@code h2} and {@code http/1.1} when HTTP/2 is allowed, {@code http/1.1} only
 * otherwise. With a client CA, a client without a certificate that chains to it is refused in
 * the handshake, and the certificate's URI SAN (a SPIFFE ID) names the source service.
 */
public final class ServerTls {
    private final SslContext withH2;
    private final SslContext http1Only;
    private final boolean mutual;

    private ServerTls(SslContext withH2, SslContext http1Only, boolean mutual) {
        this.withH2 = withH2;
        this.http1Only = http1Only;
        this.mutual = mutual;
    }

    /**
     * Reads the listener's certificate chain and PKCS#8 key, and the client CAs ({@code clientCa}
     * null: no client certificate asked for).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ServerTls fromPem(Path certChain, Path key, Path clientCa) {
        TlsContexts.readable("certificate file", Objects.requireNonNull(certChain, "certChain"));
        TlsContexts.readable("key file", Objects.requireNonNull(key, "key"));
        if (clientCa != null) {
            TlsContexts.readable("client CA file", clientCa);
        }
        TlsContexts.Preparation prepare = () -> {
            SslContextBuilder b = SslContextBuilder.forServer(certChain.toFile(), key.toFile());
            return clientCa == null ? b : b.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
        };
        String what = "TLS files " + certChain + ", " + key + (clientCa == null ? "" : ", " + clientCa);
        return new ServerTls(TlsContexts.build(what, prepare, TlsContexts.H2_THEN_HTTP1),
                TlsContexts.build(what, prepare, TlsContexts.HTTP1_ONLY), clientCa != null);
    }

    /** The context whose ALPN list offers HTTP/2 when {@code h2}. */
    SslContext context(boolean h2) {
        return h2 ? withH2 : http1Only;
    }

    /** Whether clients must present a certificate. */
    public boolean mutual() {
        return mutual;
    }

    @Override
    public String toString() {
        return "ServerTls[mutual=" + mutual + "]";
    }
}
