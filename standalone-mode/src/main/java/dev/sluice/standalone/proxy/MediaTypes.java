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
}
