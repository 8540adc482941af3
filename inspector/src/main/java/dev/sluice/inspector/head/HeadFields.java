package dev.sluice.inspector.head;

import dev.sluice.inspector.Finding;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import java.util.Locale;
import java.util.Set;

/**
 * Where a value of a request or response head sits, as the field paths of its findings name it,
 * and which of them a finding of each category may come from.
 *
 * <ul>
 *   <li>{@value #PATH}: the target's path, percent-decoded;</li>
 *   <li>{@code query:<name>}: a query parameter, decoded as a form field, and
 *       {@code query:(name)} its name ({@link dev.sluice.inspector.form.FormBodyParser});</li>
 *   <li>{@code cookie:<name>}: a cookie of the {@code Cookie} header, percent-decoded, and
 *       {@code cookie:(name)} its name when a name could carry an attack;</li>
 *   <li>{@code set-cookie:<name>}: the cookie a {@code Set-Cookie} header sets, percent-decoded;</li>
 *   <li>{@code header:<name>}: any other header's value as sent, the name in lower case; a
 *       URL a response names and a gRPC error's message ({@link #percentEncoded}) percent-decoded;</li>
 *   <li>{@code header:<name>-bin.<field numbers>}: a value in a response's gRPC binary metadata,
 *       base64-decoded and walked as a protobuf message ({@link BinaryFieldValue}).</li>
 * </ul>
 *
 * A request's headers and cookies carry its credentials by design (a bearer token, a session
 * cookie, an API key), so only attack signatures are reported from them; personal data and
 * secrets are reported where they leak, in the URL that proxies, browsers and access logs
 * keep. A response's headers carry no credential by design but the session cookie it sets,
 * which the browser keeps out of the page's reach ({@code HttpOnly}) and sends back: from a
 * response head everything is reported but the secrets of {@code Set-Cookie} ({@link #reports}).
 */
public final class HeadFields {
    public static final String PATH = "path";
    public static final String QUERY = "query:";
    public static final String COOKIE = "cookie:";
    public static final String SET_COOKIE = "set-cookie:";
    public static final String HEADER = "header:";
    /**
     * The {@link Finding#origin} of a request head's findings: a front end carries a redaction
     * decided on one of its values out on the target it sends upstream ({@link TargetRedactor})
     * and, where it can set fields, on the field ({@link HeadRedactor}).
     */
    public static final String REQUEST_ORIGIN = "request-head";
    /**
     * The {@link Finding#origin} of a response head's findings: a front end that can rewrite the
     * head's fields ({@link HeadRedactor}) carries a redaction out on the field itself.
     */
    public static final String RESPONSE_ORIGIN = "response-head";

    /**
     * Headers whose values are never scanned: the message's framing and routing, which the front
     * end checks itself ({@code Host} names the upstream, not input to it) and which carry no
     * application input.
     */
    private static final Set<String> FRAMING = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "te", "trailer", "upgrade", "proxy-connection", "expect", "http2-settings");

    /**
     * Response headers whose grammar holds no free text (dates, numbers, media types, tokens,
     * lists of header names or methods), never scanned in a response: every response carries
     * several, and none can carry a value of the application's. {@code Server} (product tokens)
     * and {@code ETag} (a validator the server derives from the representation's version) are
     * counted with them: nginx's every answer carries just these two besides the fixed ones, and
     * reading them cost each response an inspection of its own. A request's are scanned: its
     * sender chose them ({@code Content-Type} carried Struts' OGNL).
     */
    private static final Set<String> RESPONSE_GRAMMAR = Set.of("date", "last-modified", "expires", "age",
            "retry-after", "content-type", "content-encoding", "content-language", "content-range", "accept-ranges",
            "vary", "cache-control", "pragma", "x-content-type-options", "x-frame-options", "x-xss-protection",
            "strict-transport-security", "referrer-policy", "cross-origin-opener-policy",
            "cross-origin-resource-policy", "cross-origin-embedder-policy", "access-control-allow-methods",
            "access-control-allow-headers", "access-control-expose-headers", "access-control-max-age",
            "access-control-allow-credentials", "alt-svc", "server", "etag", "grpc-status", "grpc-encoding", "grpc-accept-encoding");

    private HeadFields() {
    }

    /** Whether the value of header {@code lowerCaseName} is inspected in a request ({@code response} false) or a response. */
    public static boolean inspected(String lowerCaseName, boolean response) {
        return !lowerCaseName.isEmpty() && lowerCaseName.charAt(0) != ':' && !FRAMING.contains(lowerCaseName)
                && !(response && RESPONSE_GRAMMAR.contains(lowerCaseName));
    }

    /**
     * Whether the value of header {@code lowerCaseName} is read percent-decoded, whole: a URL the
     * server sends ({@code Location}, {@code Content-Location}: a redirect carries what it passes
     * on in its query, escaped), or gRPC's {@code grpc-message}, an error's description
     * percent-encoded as gRPC's HTTP/2 mapping asks (a failed call's message is where a stack
     * trace prints the datasource URL).
     */
    public static boolean percentEncoded(String lowerCaseName) {
        return lowerCaseName.equals("location") || lowerCaseName.equals("content-location")
                || lowerCaseName.equals("grpc-message");
    }

    /** Whether a response's header {@code name}, in any case, is inspected. */
    public static boolean inspectedInResponse(String name) {
        return inspected(name.toLowerCase(Locale.ROOT), true);
    }

    /** The origin of the findings of a head sent in {@code direction}. */
    public static String origin(Direction direction) {
        return direction == Direction.REQUEST ? REQUEST_ORIGIN : RESPONSE_ORIGIN;
    }

    /**
     * Whether a finding of a head sent in {@code direction} is reported. A request's: every attack
     * signature, and personal data or secrets only in the path or the query. A response's: all
     * but the secrets of the cookie it sets.
     */
    public static boolean reports(Finding f, Direction direction) {
        String path = f.path();
        if (direction == Direction.RESPONSE) {
            return f.category() != Category.SECRET || path == null || !path.startsWith(SET_COOKIE);
        }
        if (f.category() == Category.ATTACK) {
            return true;
        }
        return path != null && (path.equals(PATH) || path.startsWith(QUERY));
    }
}
