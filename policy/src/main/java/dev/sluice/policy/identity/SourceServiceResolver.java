package dev.sluice.policy.identity;

import java.util.List;
import java.util.Locale;

/**
 * Names the service that sent a request, trying in order:
 * <ol>
 *   <li>the URI SAN of a client certificate this process verified itself (a SPIFFE ID is named
 *       by the {@link ServiceNameRule}) — first because no header can forge it;</li>
 *   <li>when XFCC is trusted, the last element of {@code x-forwarded-client-cert} (added by the
 *       nearest proxy): its URI (SPIFFE rule, or the URI's host), else its first DNS SAN, else
 *       its subject's common name;</li>
 *   <li>the first configured header that has a value;</li>
 *   <li>the peer address (for events; metrics show it as "unknown").</li>
 * </ol>
 * Trust XFCC only behind a proxy that sanitises it (Envoy's {@code forward_client_cert_details}
 * set to {@code SANITIZE_SET} or {@code APPEND_FORWARD} at the edge); otherwise a client can
 * claim any name. The same holds for configured headers.
 */
public final class SourceServiceResolver {
    private final boolean trustXfcc;
    private final List<String> headers;
    private final ServiceNameRule rule;

    public SourceServiceResolver(boolean trustXfcc, List<String> headers, ServiceNameRule rule) {
        this.trustXfcc = trustXfcc;
        this.headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.rule = rule;
    }

    /**
     * The source of one exchange. {@code peerUriSan} (a verified client certificate's URI SAN)
     * and {@code peerAddress} may be null. Never throws.
     */
    public ServiceIdentity resolve(HeaderLookup request, String peerUriSan, String peerAddress) {
        String name = fromUri(peerUriSan);
        if (name != null) {
            return new ServiceIdentity(name, ServiceIdentity.Origin.PEER_CERTIFICATE);
        }
        if (trustXfcc) {
            name = fromXfcc(request.first(XfccParser.HEADER));
            if (name != null) {
                return new ServiceIdentity(name, ServiceIdentity.Origin.XFCC);
            }
        }
        for (String h : headers) {
            name = ServiceNames.clean(request.first(h));
            if (name != null) {
                return new ServiceIdentity(name, ServiceIdentity.Origin.HEADER);
            }
        }
        if (peerAddress != null && !peerAddress.isBlank()) {
            return new ServiceIdentity(ServiceNames.clean(peerAddress), ServiceIdentity.Origin.PEER_ADDRESS);
        }
        return ServiceIdentity.UNKNOWN;
    }

    private String fromXfcc(String header) {
        XfccElement e = XfccParser.parse(header).nearest();
        if (e == null) {
            return null;
        }
        String name = fromUri(e.uri());
        if (name == null && !e.dns().isEmpty()) {
            name = ServiceNames.clean(e.dns().getFirst());
        }
        return name != null ? name : ServiceNames.clean(e.subjectCommonName());
    }

    /** A SPIFFE ID through the rule; another URI by its host; null for nothing usable. */
    private String fromUri(String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        SpiffeId id = SpiffeId.parse(uri.strip());
        if (id != null) {
            return rule.apply(id);
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < uri.length() && "/?#:".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        int at = uri.lastIndexOf('@', end - 1);
        start = at >= start ? at + 1 : start;
        return ServiceNames.clean(uri.substring(start, end));
    }

    @Override
    public String toString() {
        return "SourceServiceResolver[xfcc=" + trustXfcc + ", headers=" + headers + ", " + rule + "]";
    }
}
