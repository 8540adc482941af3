package dev.sluice.standalone.proxy;

import dev.sluice.policy.select.EscapedSlashes;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The configured restrictions on requests, in the spirit of the CRS container image's
 * {@code ALLOWED_HTTP_VERSIONS}, {@code ALLOWED_METHODS} and {@code ALLOWED_REQUEST_CONTENT_TYPE},
 * and a declared body longer than {@code proxy.max_request_body_bytes}, checked before a filter
 * sees the request. Also refuses {@code Expect} values other than
 * {@code 100-continue} (RFC 9110 §10.1.1). A path holding an encoded slash is refused or
 * unescaped as {@code proxy.path_with_escaped_slashes} says ({@link EscapedSlashAction}).
 */
final class RequestGate {
    private final ProxyConfig config;

    RequestGate(ProxyConfig config) {
        this.config = config;
    }

    /** The status that refuses {@code request}, or {@code null} if it may pass. */
    HttpResponseStatus check(HttpRequest request, HttpProtocol protocol) {
        if (!config.allowedHttpVersions().contains(protocol)) {
            return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
        }
        if (config.pathWithEscapedSlashes() == EscapedSlashAction.REJECT_REQUEST
                && EscapedSlashes.in(request.uri())) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (!config.allowedMethods().isEmpty() && !config.allowedMethods().contains(request.method().name())) {
            return HttpResponseStatus.METHOD_NOT_ALLOWED;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && !config.allowedRequestContentTypes().isEmpty()
                && !config.allowedRequestContentTypes().contains(MediaTypes.essence(contentType))) {
            return HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
        }
        if (config.maxRequestBodyBytes() > 0 && HttpUtil.getContentLength(request, -1L) > config.maxRequestBodyBytes()) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.strip())) {
            return HttpResponseStatus.EXPECTATION_FAILED;
        }
        return null;
    }

    /**
     * Under {@link EscapedSlashAction#UNESCAPE_AND_FORWARD}, rewrites {@code request}'s target so
     * that its path holds {@code /} and {@code \} where it held {@code %2F} and {@code %5C}
     * (the query and fragment as they were), before the route is chosen and the request forwarded.
     */
    void unescapeSlashes(HttpRequest request) {
        if (config.pathWithEscapedSlashes() == EscapedSlashAction.UNESCAPE_AND_FORWARD) {
            request.setUri(EscapedSlashes.unescape(request.uri()));
        }
    }

    /** The {@code Allow} value for a 405, or {@code null} when any method is allowed. */
    String allowHeader() {
        return config.allowedMethods().isEmpty() ? null : String.join(", ", config.allowedMethods());
    }
}
