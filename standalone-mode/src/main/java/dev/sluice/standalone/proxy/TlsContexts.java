package dev.sluice.standalone.proxy;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;

/**
 * What the two TLS sides share: the TLS engine, TLS 1.2 and 1.3 only, ALPN lists, and errors that
 * name what was being built. The engine is BoringSSL (netty-tcnative) when its native library
 * loads, which costs a fraction of the JDK engine's CPU per record and handshake, and the JDK's
 * otherwise (another platform, or {@code -Dio.netty.handler.ssl.noOpenSsl=true} where only the
 * JDK's cryptography is allowed); both verify certificates through the JDK's trust managers.
 */
final class TlsContexts {
    /** Not the reference-counted variant: a context replaced by a reload is left to the collector. */
    static final SslProvider PROVIDER = OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL)
            ? SslProvider.OPENSSL : SslProvider.JDK;
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
        // The JDK's ALPN supports only these two failure behaviours; BoringSSL supports them too.
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    static SslContext build(String what, Preparation preparation, List<String> alpn) {
        try {
            return preparation.builder().sslProvider(PROVIDER).protocols(PROTOCOLS)
                    .applicationProtocolConfig(alpn(alpn)).build();
        } catch (Exception e) {
            throw new IllegalArgumentException(what + ": " + describe(e), e);
        }
    }

    /** The engine's name for the startup line: {@code BoringSSL} or {@code JDK}. */
    static String engine() {
        return PROVIDER == SslProvider.OPENSSL ? "BoringSSL" : "JDK";
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
