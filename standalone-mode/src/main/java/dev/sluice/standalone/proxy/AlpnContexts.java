package dev.sluice.standalone.proxy;

import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One reading of a TLS side's files made into its two contexts, which differ only in what ALPN
 * offers: one with {@code h2} (for HTTP/2 on the listener, gRPC to the upstream), one with
 * {@code http/1.1} only; and the certificate the side presents (null: none, an upstream without a
 * client certificate).
 */
record AlpnContexts(SslContext h2, SslContext http1, X509Certificate leaf) {

    /** Builds both contexts from {@code preparation}; {@code h2Alpn} is the list the {@code h2} one offers. */
    static AlpnContexts build(String what, TlsContexts.Preparation preparation, List<String> h2Alpn,
                              X509Certificate leaf) {
        return new AlpnContexts(TlsContexts.build(what, preparation, h2Alpn),
                TlsContexts.build(what, preparation, TlsContexts.HTTP1_ONLY), leaf);
    }

    /** The context whose ALPN offers HTTP/2 when {@code h2}, HTTP/1.1 only otherwise. */
    SslContext context(boolean h2) {
        return h2 ? this.h2 : http1;
    }

    /** When the presented certificate expires; null when none is presented. */
    Instant expiry() {
        return leaf == null ? null : leaf.getNotAfter().toInstant();
    }

    /** What a reload put in use, for a log line: the presented certificate, else the trusted CAs. */
    String describe() {
        return leaf == null ? "CA certificates" : "certificate " + leaf.getSubjectX500Principal().getName()
                + ", valid until " + expiry();
    }
}
