package dev.sluice.grpc.frame;

import java.util.Locale;

/** The message compression a {@code grpc-encoding} header names. */
public enum GrpcEncoding {
    /** No header, empty, or {@code identity}: a compressed flag is then an error. */
    IDENTITY,
    /** {@code gzip}: each compressed message is a gzip stream (RFC 1952). */
    GZIP,
    /** {@code deflate}: a zlib stream (RFC 1950); raw DEFLATE (RFC 1951), which some peers send, is accepted too. */
    DEFLATE,
    /** Anything else ({@code snappy}, {@code zstd}, ...): compressed messages cannot be read. */
    UNSUPPORTED;

    /** The encoding named by a {@code grpc-encoding} header value (null when absent). */
    public static GrpcEncoding of(String headerValue) {
        if (headerValue == null) {
            return IDENTITY;
        }
        return switch (headerValue.trim().toLowerCase(Locale.ROOT)) {
            case "", "identity" -> IDENTITY;
            case "gzip" -> GZIP;
            case "deflate" -> DEFLATE;
            default -> UNSUPPORTED;
        };
    }
}
