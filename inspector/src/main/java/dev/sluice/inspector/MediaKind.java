package dev.sluice.inspector;

import java.util.Locale;

/** The parser family a Content-Type selects. */
public enum MediaKind {
    JSON, FORM, MULTIPART, HTML, XML, CSV, EVENT_STREAM, TEXT, GRPC, PROTOBUF,
    /** A GraphQL document ({@code application/graphql}): string literals apart, the rest as text. */
    GRAPHQL,
    /** An HTTP request or response head ({@code message/http}): its target, cookies and header values. */
    HTTP_HEAD,
    /** CBOR (RFC 8949), a document or a sequence of them: strings and integers under their map keys. */
    CBOR,
    /** MessagePack: strings and integers under their map keys. */
    MSGPACK,
    RAW;

    /** The media type of an HTTP message (RFC 9112 §10.1), as a request or response head is inspected. */
    public static final String HTTP_MESSAGE = "message/http";

    /** The media type of an urlencoded form. */
    public static final String FORM_URLENCODED = "application/x-www-form-urlencoded";

    /**
     * Maps a Content-Type header value (parameters allowed, any case) to a kind. Unknown
     * and missing types are {@link #RAW}: scanned as bytes, never skipped.
     */
    public static MediaKind of(String contentType) {
        if (contentType == null) {
            return RAW;
        }
        String t = essence(contentType);
        if (t.startsWith("application/grpc")) {
            // grpc+json carries JSON messages, not protobuf. grpc-web-text is base64 of grpc-web's
            // frames, which the session decodes before the parser (base64Text).
            return t.equals("application/grpc+json") ? RAW : GRPC;
        }
        if (t.equals("application/protobuf") || t.equals("application/x-protobuf")
                || t.equals("application/vnd.google.protobuf") || t.equals("application/x-google-protobuf")) {
            return PROTOBUF;
        }
        if (t.equals("application/json") || t.equals("text/json") || t.endsWith("+json") || isJsonSequence(t)) {
            return JSON;
        }
        if (t.equals(FORM_URLENCODED)) {
            return FORM;
        }
        if (t.startsWith("multipart/")) {
            return MULTIPART;
        }
        if (t.equals("text/html") || t.equals("application/xhtml+xml")) {
            return HTML;
        }
        if (t.equals("application/xml") || t.equals("text/xml") || t.endsWith("+xml")) {
            return XML;
        }
        if (t.equals("text/csv") || t.equals("text/tab-separated-values")) {
            return CSV;
        }
        if (t.equals("application/graphql")) {
            return GRAPHQL;
        }
        if (t.equals(HTTP_MESSAGE)) {
            return HTTP_HEAD;
        }
        if (t.equals("text/event-stream")) {
            return EVENT_STREAM;
        }
        if (t.equals("application/cbor") || t.equals("application/cbor-seq") || t.endsWith("+cbor")) {
            return CBOR;
        }
        if (t.equals("application/msgpack") || t.equals("application/x-msgpack") || t.equals("application/vnd.msgpack")) {
            return MSGPACK;
        }
        if (t.startsWith("text/") || t.endsWith("yaml")
                || t.equals("application/x-pem-file") || t.equals("application/javascript")
                || t.equals("application/x-sh")) {
            return TEXT;
        }
        return RAW;
    }

    /**
     * Whether a Content-Type is grpc-web's ({@code application/grpc-web}, {@code +proto},
     * {@code -text}): gRPC's framing over HTTP/1.1 for browsers, its trailers a frame of the body.
     */
    public static boolean grpcWeb(String contentType) {
        return contentType != null && essence(contentType).startsWith("application/grpc-web");
    }

    /**
     * Whether a Content-Type names a body that is base64 text of its messages
     * ({@code application/grpc-web-text}, {@code application/grpc-web-text+proto}: grpc-web for
     * browsers that cannot read binary streams), which a session decodes before its parser and a
     * rewriting session encodes again.
     */
    public static boolean base64Text(String contentType) {
        return contentType != null && essence(contentType).startsWith("application/grpc-web-text");
    }

    /**
     * Whether a Content-Type names a sequence of JSON documents (NDJSON, JSON Lines, RFC 7464
     * JSON text sequences), as streaming APIs send one piece of an answer per line.
     */
    public static boolean jsonSequence(String contentType) {
        return contentType != null && isJsonSequence(essence(contentType));
    }

    /** Whether a Content-Type names a JSON text sequence (RFC 7464): each text after a record separator, 0x1E. */
    public static boolean recordSeparated(String contentType) {
        return contentType != null && essence(contentType).equals("application/json-seq");
    }

    private static boolean isJsonSequence(String essence) {
        return essence.equals("application/x-ndjson") || essence.equals("application/ndjson")
                || essence.equals("application/jsonl") || essence.equals("application/json-seq")
                || essence.equals("application/stream+json") || essence.equals("application/x-json-stream");
    }

    /**
     * Whether a Content-Type names a feed: pieces its reader takes one by one as they come, with no
     * end the sender promises. Server-sent events, a sequence of JSON documents (a model's NDJSON
     * answer, a log tail), and any type with the parameter {@code stream=watch} (Kubernetes'
     * framing of a watch).
     */
    public static boolean feed(String contentType) {
        if (contentType == null) {
            return false;
        }
        String essence = essence(contentType);
        return essence.equals("text/event-stream") || isJsonSequence(essence)
                || "watch".equalsIgnoreCase(MediaTypeParameter.of(contentType, "stream"));
    }

    /** The type and subtype, lower case, without parameters. */
    private static String essence(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) {
            t = t.substring(0, semi);
        }
        return t.strip();
    }
}
