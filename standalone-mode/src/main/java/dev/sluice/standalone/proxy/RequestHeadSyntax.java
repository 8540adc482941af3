package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.HttpProtocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HexFormat;
import java.util.List;

/**
 * The request target and the {@code Host} field, as RFC 9112 §3.2–3.3 allows them, settled before
 * a route is chosen. Routes are selected by host and path; the upstream serves by them too, and
 * every way the two can read one request differently is a way around a route:
 * <ul>
 *   <li>an absolute-form target ({@code GET http://internal.acme.io/v1/cards/1}) names the host
 *       and path the upstream serves (§3.2.2: its authority replaces {@code Host}); it is
 *       rewritten to origin-form with {@code Host} set to its authority, so the route, the event
 *       and the upstream all see one host and one path;</li>
 *   <li>a second {@code Host} field, or none on HTTP/1.1, is refused (§3.2: "MUST respond with a
 *       400"), as is a {@code Host} that is no {@code host[:port]};</li>
 *   <li>a target in none of the four forms ({@code g}, {@code *} on a GET), a fragment, a control
 *       byte, or a scheme other than http and https is refused;</li>
 *   <li>{@code CONNECT} is refused with 501: this proxy opens no tunnels, whose bytes it could
 *       not inspect.</li>
 * </ul>
 * HTTP/2 carries no absolute-form ({@code :path} is origin-form or {@code *}, RFC 9113 §8.3.1),
 * so there one is refused too; Netty's codec has already refused an {@code :authority} that
 * differs from a {@code host} field.
 */
final class RequestHeadSyntax {
    private RequestHeadSyntax() {
    }

    /**
     * Settles {@code request}'s target and {@code Host} in place.
     *
     * @return the status that refuses the request, or {@code null} when it may go on
     */
    static HttpResponseStatus settle(HttpRequest request, HttpProtocol protocol) {
        if (HttpMethod.CONNECT.equals(request.method())) {
            return HttpResponseStatus.NOT_IMPLEMENTED;
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1 || hosts.size() == 1 && !isAuthority(hosts.getFirst().strip())) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        String target = request.uri();
        if (!isTargetText(target)) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (target.startsWith("/")) {
            return hosts.isEmpty() && protocol == HttpProtocol.HTTP_1_1 ? HttpResponseStatus.BAD_REQUEST : null;
        }
        if (target.equals("*")) {
            return HttpMethod.OPTIONS.equals(request.method()) ? null : HttpResponseStatus.BAD_REQUEST;
        }
        return protocol == HttpProtocol.HTTP_2 ? HttpResponseStatus.BAD_REQUEST : settleAbsoluteForm(request, target);
    }

    /** {@code http://authority[/path][?query]} becomes {@code /path?query} with {@code Host: authority}. */
    private static HttpResponseStatus settleAbsoluteForm(HttpRequest request, String target) {
        int colon = target.indexOf("://");
        if (colon < 0) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        String scheme = target.substring(0, colon);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        int authorityStart = colon + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                && target.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        String authority = target.substring(authorityStart, authorityEnd);
        // Userinfo ("user@host") is an error in an http(s) URI (RFC 9110 §4.2.4), and a host is
        // never empty there (§4.2.1).
        if (authority.isEmpty() || authority.charAt(0) == ':' || !isAuthority(authority)) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        String rest = target.substring(authorityEnd);
        String originForm = rest.isEmpty() || rest.charAt(0) == '?'
                ? (HttpMethod.OPTIONS.equals(request.method()) && rest.isEmpty() ? "*" : "/" + rest)
                : rest;
        request.setUri(originForm);
        request.headers().set(HttpHeaderNames.HOST, authority);
        return null;
    }

    /**
     * Whether {@code s} is {@code host [":" port]} (RFC 3986 §3.2.2–3.2.3): a
     * registered name of unreserved, percent-encoded and sub-delimiter characters, or an IP literal
     * in brackets; then at most a colon and digits. An empty host is allowed, as RFC 9112 §3.2
     * allows an empty {@code Host}.
     */
    private static boolean isAuthority(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0 || close == i + 1) {
                return false;
            }
            for (int j = i + 1; j < close; j++) {
                char c = s.charAt(j);
                if (!(HexFormat.isHexDigit(c) || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < n && s.charAt(i) != ':') {
                if (!isRegNameChar(s.charAt(i))) {
                    return false;
                }
                i++;
            }
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != ':') {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return false;
            }
        }
        return n - i - 1 <= 5;
    }

    /** No fragment, space, control byte or DEL anywhere in the target, and not empty. */
    private static boolean isTargetText(String target) {
        if (target.isEmpty()) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }
}
