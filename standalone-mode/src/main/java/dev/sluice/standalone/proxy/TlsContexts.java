package dev.sluice.standalone.proxy;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the two TLS sides share: the JDK's TLS (no native library to ship), TLS 1.2 and 1.3 only,
 * ALPN lists, and errors that name what was being built.
 */
final class TlsContexts {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final List<String> H2_THEN_HTTP1 = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    static final List<String> HTTP1_ONLY = List.of(ApplicationProtocolNames.HTTP_1_1);
    static final List<String> H2_ONLY = List.of(ApplicationProtocolNames.HTTP_2);

    /** Builds a context from a prepared builder; a file problem becomes an {@link IllegalArgumentException}. */
    @FunctionalInterface
    interface Preparation {
        SslContextBuilder builder() throws Exception;
    }

    private TlsContexts() {
    }

    /** ALPN offering (client) or accepting (server) {@code protocols}, in preference order. */
    static ApplicationProtocolConfig alpn(List<String> protocols) {
        // The JDK's ALPN supports only these two failure behaviours.
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    static SslContext build(String what, Preparation preparation, List<String> alpn) {
        try {
            return preparation.builder().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .applicationProtocolConfig(alpn(alpn)).build();
        } catch (Exception e) {
            throw new IllegalArgumentException(what + ": " + describe(e), e);
        }
    }

    /** A certificate for a log line: its subject and when it expires. */
    static String describe(X509Certificate leaf) {
        return "certificate " + leaf.getSubjectX500Principal().getName() + ", valid until "
                + leaf.getNotAfter().toInstant();
    }

    private static String describe(Exception e) {
        String m = String.valueOf(e.getMessage());
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == e || c.getMessage() == null ? m : m + " (" + c.getMessage() + ")";
    }
}
