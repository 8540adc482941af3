package dev.sluice.standalone.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a client connection's TLS handshake established, kept on the connection's channel: that
 * it is TLS at all (for {@code X-Forwarded-Proto}) and the URI SAN (the SPIFFE ID, when there is
 * one) of the client certificate the handshake verified (mutual TLS), which names the source
 * service before any header can.
 */
record TlsPeer(String uriSan) {
    /** A URI in a certificate's subjectAltName (RFC 5280 §4.2.1.6). */
    private static final int URI_NAME = 6;
    private static final String SPIFFE = "spiffe://";
    private static final AttributeKey<TlsPeer> KEY = AttributeKey.valueOf(TlsPeer.class, "tls");

    /** Records what {@code ssl}'s finished handshake established on {@code channel}. */
    static void record(Channel channel, SslHandler ssl) {
        channel.attr(KEY).set(new TlsPeer(peerUriSan(ssl.engine().getSession())));
    }

    /** The facts of the connection {@code channel} (a connection, or a stream on one) runs on; null over cleartext. */
    static TlsPeer of(Channel channel) {
        Channel connection = channel.parent() != null && !(channel.parent() instanceof ServerChannel)
                ? channel.parent() : channel;
        return connection.attr(KEY).get();
    }

    private static String peerUriSan(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? uriSan(leaf) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate: TLS without mutual authentication
        }
    }

    /**
     * The URI SAN that names the certificate's holder: its SPIFFE ID ({@code spiffe://}, of which
     * an SVID has exactly one) when it has one, else its first URI SAN; null when it has none or
     * its names cannot be read.
     */
    static String uriSan(X509Certificate leaf) {
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            String first = null;
            for (List<?> name : names) {
                if (name.size() == 2 && name.get(0) instanceof Integer type && type == URI_NAME
                        && name.get(1) instanceof String uri) {
                    if (uri.regionMatches(true, 0, SPIFFE, 0, SPIFFE.length())) {
                        return uri;
                    }
                    first = first == null ? uri : first;
                }
            }
            return first;
        } catch (CertificateParsingException e) {
            return null;
        }
    }
}
