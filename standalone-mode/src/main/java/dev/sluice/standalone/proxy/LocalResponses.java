package dev.sluice.standalone.proxy;

import dev.sluice.standalone.proxy.spi.Block;
import dev.sluice.standalone.proxy.spi.HeadDecision;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The answers the proxy makes itself: blocks (403 with {@code {"error":"blocked","event_id":...}}),
 * filter rejections, refusals by configuration and upstream failures (502, 504). A gRPC request
 * gets a Trailers-Only response instead (HTTP 200, {@code grpc-status}, {@code grpc-message};
 * gRPC over HTTP/2 §Responses), with the status that the HTTP status maps to; so does a grpc-web
 * request, under its own content type and with an empty body, which grpc-web clients read as the
 * call's status (gRPC-Web protocol, "trailers-only" responses) instead of an HTTP error.
 *
 * <p>{@code grpcType}: the content type of a gRPC answer ({@link MediaTypes#grpcAnswerType}), or
 * null for an HTTP one.
 */
final class LocalResponses {
    /** gRPC status codes used here (grpc/grpc doc/statuscodes.md). */
    static final int GRPC_UNKNOWN = 2;
    static final int GRPC_DEADLINE_EXCEEDED = 4;
    static final int GRPC_PERMISSION_DENIED = 7;
    static final int GRPC_RESOURCE_EXHAUSTED = 8;
    static final int GRPC_UNIMPLEMENTED = 12;
    static final int GRPC_INTERNAL = 13;
    static final int GRPC_UNAVAILABLE = 14;
    static final int GRPC_UNAUTHENTICATED = 16;

    private LocalResponses() {
    }

    static FullHttpResponse block(ByteBufAllocator alloc, Block block, String grpcType) {
        Block.Answer answer = block.answer();
        FullHttpResponse r;
        if (grpcType != null) {
            r = grpc(grpcType, GRPC_PERMISSION_DENIED, block.statusMessage());
        } else if (answer != null) {
            r = full(alloc, HttpResponseStatus.valueOf(answer.status()), answer.contentType(), answer.body());
        } else {
            r = json(alloc, HttpResponseStatus.FORBIDDEN, Block.builtInBody(block.eventId()));
        }
        if (answer != null) {
            // The route's own fields (CORS for a browser's script, grpc-web's included); the policy
            // refuses any that would change the framing, the type or the cacheability set above.
            answer.headers().forEach(r.headers()::set);
        }
        return r;
    }

    static FullHttpResponse reject(ByteBufAllocator alloc, HeadDecision rejection, String grpcType) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(rejection.status());
        if (grpcType != null) {
            return grpc(grpcType, grpcStatusFor(status.code()), "rejected by policy (" + status.code() + ")");
        }
        byte[] body = rejection.body();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, copy(alloc, body),
                DefaultHttpHeadersFactory.headersFactory(), DefaultHttpHeadersFactory.trailersFactory());
        if (body.length > 0) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, rejection.contentType());
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    /**
     * An error the proxy itself answers with: {@code code} is the JSON {@code error} value
     * ({@code bad_gateway}, {@code gateway_timeout}, {@code method_not_allowed}, ...).
     */
    static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String code, String grpcType) {
        if (grpcType != null) {
            return grpc(grpcType, grpcStatusFor(status.code()), code);
        }
        return json(alloc, status, "{\"error\":\"" + code + "\"}");
    }

    /** The JSON error code for a status the proxy refuses requests with. */
    static String codeFor(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> "bad_request";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 417 -> "expectation_failed";
            case 431 -> "headers_too_large";
            case 501 -> "not_implemented";
            case 502 -> "bad_gateway";
            case 504 -> "gateway_timeout";
            case 505 -> "http_version_not_supported";
            default -> "error";
        };
    }

    /** The gRPC status for an HTTP status (grpc/grpc doc/http-grpc-status-mapping.md, plus 413 and 504). */
    static int grpcStatusFor(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> GRPC_INTERNAL;
            case 401 -> GRPC_UNAUTHENTICATED;
            case 403 -> GRPC_PERMISSION_DENIED;
            case 404 -> GRPC_UNIMPLEMENTED;
            case 413 -> GRPC_RESOURCE_EXHAUSTED;
            case 504 -> GRPC_DEADLINE_EXCEEDED;
            case 429, 502, 503 -> GRPC_UNAVAILABLE;
            default -> GRPC_UNKNOWN;
        };
    }

    /** Sets the gRPC status fields; {@code message} must be printable ASCII without {@code %}. */
    static void setGrpcStatus(HttpHeaders headers, int status, String message) {
        headers.setInt("grpc-status", status);
        headers.set("grpc-message", message);
    }

    private static FullHttpResponse grpc(String contentType, int status, String message) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        setGrpcStatus(r.headers(), status, message);
        if (!contentType.equals("application/grpc")) {
            // grpc-web is HTTP/1.1 too: an empty body must say so, or the client reads to the close.
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        return r;
    }

    private static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, String json) {
        return full(alloc, status, "application/json", json.getBytes(StandardCharsets.US_ASCII));
    }

    private static FullHttpResponse full(ByteBufAllocator alloc, HttpResponseStatus status, String contentType,
                                         byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, copy(alloc, body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    private static ByteBuf copy(ByteBufAllocator alloc, byte[] body) {
        ByteBuf b = alloc.buffer(body.length);
        b.writeBytes(body);
        return b;
    }
}
