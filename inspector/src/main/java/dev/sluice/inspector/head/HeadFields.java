package dev.sluice.inspector.head;

import dev.sluice.inspector.Finding;
import dev.sluice.matchers.Category;
import java.util.Set;

/**
 * Where a value of a request head sits, as the field paths of its findings name it, and which
 * of them a finding of each category may come from.
 *
 * <ul>
 *   <li>{@value #PATH}: the target's path, percent-decoded;</li>
 *   <li>{@code query:<name>}: a query parameter, decoded as a form field, and
 *       {@code query:(name)} its name ({@link dev.sluice.inspector.form.FormBodyParser});</li>
 *   <li>{@code cookie:<name>}: a cookie of the {@code Cookie} header, percent-decoded;</li>
 *   <li>{@code header:<name>}: any other header's value as sent, the name in lower case.</li>
 * </ul>
 *
 * A request's headers and cookies carry its credentials by design (a bearer token, a session
 * cookie, an API key), so only attack signatures are reported from them; personal data and
 * secrets are reported where they leak, in the URL that proxies, browsers and access logs
 * keep ({@link #reports}).
 */
public final class HeadFields {
    public static final String PATH = "path";
    public static final String QUERY = "query:";
    public static final String COOKIE = "cookie:";
    public static final String HEADER = "header:";
    /**
     * The {@link Finding#origin} of a request head's findings: a head is never rewritten, so a
     * front end carries a redaction decided on one of its values out as an alert.
     */
    public static final String ORIGIN = "request-head";

    /**
     * Headers whose values are never scanned: the message's framing and routing, which the front
     * end checks itself ({@code Host} names the upstream, not input to it) and which carry no
     * application input.
     */
    private static final Set<String> FRAMING = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "te", "trailer", "upgrade", "proxy-connection", "expect", "http2-settings");

    private HeadFields() {
    }

    /** Whether the value of header {@code lowerCaseName} is inspected. */
    public static boolean inspected(String lowerCaseName) {
        return !lowerCaseName.isEmpty() && lowerCaseName.charAt(0) != ':' && !FRAMING.contains(lowerCaseName);
    }

    /**
     * Whether a finding of a request head is reported: every attack signature, and personal data
     * or secrets only in the path or the query.
     */
    public static boolean reports(Finding f) {
        if (f.category() == Category.ATTACK) {
            return true;
        }
        String path = f.path();
        return path != null && (path.equals(PATH) || path.startsWith(QUERY));
    }
}
