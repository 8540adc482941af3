package dev.sluice.grpc;

import java.util.Locale;
import java.util.Optional;

/** How a body carries its protobuf messages. */
public enum BodyFraming {
    /** gRPC over HTTP/2: length-prefixed messages; trailers travel as HTTP trailers. */
    GRPC,
    /** grpc-web (binary): length-prefixed messages, then a trailer frame with flag 0x80. */
    GRPC_WEB,
    /** A plain protobuf body: the whole body is one message. */
    RAW;

    /**
     * The framing a Content-Type implies, or empty when it is not a protobuf type Sluice reads:
     * {@code application/grpc} and {@code application/grpc+proto} are GRPC; {@code
     * application/grpc-web} and {@code application/grpc-web+proto} GRPC_WEB, and so are {@code
     * application/grpc-web-text} and {@code application/grpc-web-text+proto}, whose base64 the
     * caller decodes first (the inspector does); {@code
     * application/protobuf}, {@code application/x-protobuf}, {@code application/x-google-protobuf}
     * and {@code application/vnd.google.protobuf} RAW. Parameters are ignored. Not covered, on
     * purpose: {@code application/grpc+json} (JSON messages) and {@code application/octet-stream},
     * which is protobuf only when configuration says which message type a route carries.
     */
    public static Optional<BodyFraming> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/grpc", "application/grpc+proto" -> Optional.of(GRPC);
            case "application/grpc-web", "application/grpc-web+proto", "application/grpc-web-text",
                 "application/grpc-web-text+proto" -> Optional.of(GRPC_WEB);
            case "application/protobuf", "application/x-protobuf", "application/x-google-protobuf",
                 "application/vnd.google.protobuf" -> Optional.of(RAW);
            default -> Optional.empty();
        };
    }
}
