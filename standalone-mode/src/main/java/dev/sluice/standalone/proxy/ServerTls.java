package dev.sluice.standalone.proxy;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TLS on the proxy's listener: the certificate chain and private key it presents (PEM files, the
 * shape of a Kubernetes TLS secret) and, for mutual TLS, the CA certificates a client's
 * certificate must chain to. The files are read when this is made, so a bad file stops startup
 * rather than the first handshake, and again on {@link #reload()}: new connections then get the
 * renewed certificate (see {@link ReloadableTls}).
 *
 * <p>ALPN offers {@code h2} and {@code http/1.1} when HTTP/2 is allowed, {@code http/1.1} only
 * otherwise. With a client CA, a client without a certificate that chains to it is refused in
 * the handshake, and the certificate's URI SAN (a SPIFFE ID) names the source service.
 */
public final class ServerTls {
    private final ReloadableTls<AlpnContexts> tls;
    private final boolean mutual;

    private ServerTls(ReloadableTls<AlpnContexts> tls, boolean mutual) {
        this.tls = tls;
        this.mutual = mutual;
    }

    /**
     * Reads the listener's certificate chain and PEM key, and the client CAs ({@code clientCa}
     * null: no client certificate asked for).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ServerTls fromPem(Path certChain, Path key, Path clientCa) {
        List<Path> files = new ArrayList<>(List.of(Objects.requireNonNull(certChain, "certChain"),
                Objects.requireNonNull(key, "key")));
        List<String> roles = new ArrayList<>(List.of("certificate file", "key file"));
        if (clientCa != null) {
            files.add(clientCa);
            roles.add("client CA file");
        }
        return new ServerTls(ReloadableTls.load(files, roles, contents -> {
            List<X509Certificate> chain = PemFiles.certificates("certificate file", certChain, contents.get(0));
            PrivateKey privateKey = PemFiles.privateKey("key file", key, contents.get(1));
            PemFiles.requireKeyOf(chain.getFirst(), privateKey, certChain, key);
            List<X509Certificate> clientCas = clientCa == null ? null
                    : PemFiles.certificates("client CA file", clientCa, contents.get(2));
            TlsContexts.Preparation prepare = () -> {
                SslContextBuilder b = SslContextBuilder.forServer(privateKey, chain);
                return clientCas == null ? b : b.trustManager(clientCas).clientAuth(ClientAuth.REQUIRE);
            };
            String what = "TLS files " + certChain + ", " + key + (clientCa == null ? "" : ", " + clientCa);
            return AlpnContexts.build(what, prepare, TlsContexts.H2_THEN_HTTP1, chain.getFirst());
        }), clientCa != null);
    }

    /** The context whose ALPN list offers HTTP/2 when {@code h2}. */
    SslContext context(boolean h2) {
        return tls.current().context(h2);
    }

    /**
     * Reads the files again; when they changed and can be used, new connections get what they hold.
     * Never throws: a problem is the outcome, and the certificate in use stays.
     */
    public TlsReload reload() {
        return tls.reload(AlpnContexts::describe);
    }

    /** When the certificate presented now expires. */
    public Instant certificateExpiry() {
        return tls.current().expiry();
    }

    /** The TLS engine both sides use: {@code BoringSSL} when its native library loads, else {@code JDK}. */
    public static String engine() {
        return TlsContexts.engine();
    }

    /** Whether clients must present a certificate. */
    public boolean mutual() {
        return mutual;
    }

    @Override
    public String toString() {
        return "ServerTls[mutual=" + mutual + ", files=" + tls.files() + "]";
    }
}
