package dev.sluice.standalone.proxy;

import java.util.Locale;

/** Media-type helpers for {@code Content-Type} values, without regular expressions. */
final class MediaTypes {
    private MediaTypes() {
    }

    /** {@code type/subtype} of a Content-Type value, lower-cased, parameters and spaces dropped. */
    static String essence(CharSequence contentType) {
        if (contentType == null) {
            return "";
        }
        String s = contentType.toString();
        int semi = s.indexOf(';');
        return (semi < 0 ? s : s.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a Content-Type is gRPC: {@code application/grpc} or {@code application/grpc+codec}
     * (not {@code application/grpc-web}, which is an HTTP/1.1 protocol of its own).
     */
    static boolean isGrpc(CharSequence contentType) {
        if (contentType == null) {
            return false;
        }
        String e = essence(contentType);
        return e.equals("application/grpc") || e.startsWith("application/grpc+");
    }

    /**
     * The gRPC content type the proxy's own answer to a request carries: {@code application/grpc}
     * for gRPC, the request's own type for grpc-web ({@code application/grpc-web},
     * {@code application/grpc-web+proto}, {@code application/grpc-web-text}, ...), whose clients
     * read a status from an answer's headers as gRPC's do; null for anything else.
     */
    static String grpcAnswerType(CharSequence contentType) {
        if (isGrpc(contentType)) {
            return "application/grpc";
        }
        String e = essence(contentType);
        return e.startsWith("application/grpc-web") ? e : null;
    }
}
