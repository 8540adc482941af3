package dev.sluice.standalone.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * The files are re-read on {@link #reload()} (see {@link ReloadableTls}).
 */
public final class UpstreamTls {
    private final ReloadableTls<AlpnContexts> tls;
    private final String serverName;

    private UpstreamTls(ReloadableTls<AlpnContexts> tls, String serverName) {
        this.tls = tls;
        this.serverName = serverName;
    }

    /** Trusts the JDK's CA certificates, presents no certificate, verifies the upstream's host. */
    public static UpstreamTls systemTrust() {
        return fromPem(null, null, null, null);
    }

    /**
     * {@code ca}: PEM CA certificates to trust instead of the JDK's (null: the JDK's);
     * {@code certChain} and {@code key}: a client certificate and its PEM key, both or neither;
     * {@code serverName}: the name to send and verify (null: the upstream's host). The files are
     * read now and again on {@link #reload()}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static UpstreamTls fromPem(Path ca, Path certChain, Path key, String serverName) {
        if ((certChain == null) != (key == null)) {
            throw new IllegalArgumentException("an upstream client certificate needs both its certificate and key file");
        }
        if (serverName != null && !isHostName(serverName)) {
            throw new IllegalArgumentException("upstream server name must be a host name");
        }
        List<Path> files = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        if (ca != null) {
            files.add(ca);
            roles.add("upstream CA file");
        }
        if (certChain != null) {
            files.addAll(List.of(certChain, key));
            roles.addAll(List.of("upstream certificate file", "upstream key file"));
        }
        return new UpstreamTls(ReloadableTls.load(files, roles, contents -> {
            List<X509Certificate> cas = ca == null ? null
                    : PemFiles.certificates("upstream CA file", ca, contents.getFirst());
            List<X509Certificate> chain = null;
            PrivateKey privateKey = null;
            if (certChain != null) {
                int at = ca == null ? 0 : 1;
                chain = PemFiles.certificates("upstream certificate file", certChain, contents.get(at));
                privateKey = PemFiles.privateKey("upstream key file", key, contents.get(at + 1));
                PemFiles.requireKeyOf(chain.getFirst(), privateKey, certChain, key);
            }
            List<X509Certificate> clientChain = chain;
            PrivateKey clientKey = privateKey;
            TlsContexts.Preparation prepare = () -> {
                SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
                if (cas != null) {
                    b.trustManager(cas);
                }
                return clientChain == null ? b : b.keyManager(clientKey, clientChain);
            };
            String what = ca == null && certChain == null ? "upstream TLS" : "upstream TLS files";
            return AlpnContexts.build(what, prepare, TlsContexts.H2_ONLY, chain == null ? null : chain.getFirst());
        }), serverName);
    }

    /**
     * Reads the files again; when they changed and can be used, new upstream connections use what
     * they hold (pooled connections keep their session). Never throws: a problem is the outcome,
     * and what is in use stays. With the JDK's trust store and no client certificate there is
     * nothing to read, and the outcome is always {@link TlsReload#UNCHANGED}.
     */
    public TlsReload reload() {
        return tls.reload(AlpnContexts::describe);
    }

    /** When the client certificate presented now expires; empty when none is presented. */
    public Optional<Instant> clientCertificateExpiry() {
        return Optional.ofNullable(tls.current().expiry());
    }

    /** Whether files were given, so that there is something to {@link #reload()}. */
    public boolean fromFiles() {
        return !tls.files().isEmpty();
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
        SslHandler handler = tls.current().context(overH2).newHandler(alloc, serverName != null ? serverName : host, port);
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
