package dev.sluice.standalone.config;

import java.util.Locale;
import java.util.Objects;

/**
 * A listen address as {@code host:port} ({@code [v6]:port} for IPv6). Port 0 asks the system for
 * a free port (tests). Only literal loopback addresses and {@code localhost} count as loopback:
 * a name is not resolved, so it cannot turn into a public address later.
 *
 * @param host a host name or address literal, without brackets
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
    }

    /** Reads {@code host:port} or {@code [v6]:port}; the message of the exception says what is wrong. */
    public static HostPort parse(String text) {
        String s = Objects.requireNonNull(text, "text").strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("must be host:port (e.g. 0.0.0.0:8080), not '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address needs brackets: [" + host + "]:port");
        }
        String portText = s.substring(colon + 1);
        int port = 0;
        for (int i = 0; i < portText.length(); i++) {
            char c = portText.charAt(i);
            if (c < '0' || c > '9' || i >= 5) {
                throw new IllegalArgumentException("port must be a number from 0 to 65535, not '" + portText + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65535) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535, not '" + portText + "'");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("must be host:port (e.g. 0.0.0.0:8080), not '" + s + "'");
        }
        return new HostPort(host, port);
    }

    /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}, written as literals. */
    public boolean isLoopback() {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        try {
            return java.net.InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    /** {@code host:port}, with brackets around an IPv6 address: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
