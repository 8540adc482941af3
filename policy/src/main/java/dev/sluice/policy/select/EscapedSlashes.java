package dev.sluice.policy.select;

import dev.sluice.matchers.Labels;

/**
 * How an encoded slash or backslash ({@code %2F}, {@code %5C}) in a request's path counts when
 * its route is selected. Upstreams disagree: nginx, Go's {@code net/http}, WSGI and Rack servers
 * decode it before they resolve dot segments, so {@code /static/..%2Fapi/users} serves
 * {@code /api/users}; Envoy, Node's routers and Servlet containers (which refuse it by default)
 * keep it inside its segment. A route is chosen by the path the upstream will serve, so the
 * policy names which of the two readings that is.
 */
public enum EscapedSlashes {
    /** A separator: {@code /static/..%2Fapi} selects the route of {@code /api}. The default. */
    DECODE,
    /** A character of its segment: {@code /static/..%2Fapi} stays under {@code /static/**}. */
    KEEP;

    private final String label = Labels.of(this);

    /** The other reading. */
    public EscapedSlashes other() {
        return this == DECODE ? KEEP : DECODE;
    }

    /** The policy file's word for it. */
    public String label() {
        return label;
    }

    /** Whether the path part of request target {@code target} holds {@code %2F} or {@code %5C}, in either case. */
    public static boolean in(String target) {
        return target != null && PathNormalizer.hasEscapedSlash(target);
    }

    /**
     * {@code target} with {@code /} and {@code \} in its path where it held {@code %2F} and
     * {@code %5C} (a proxy that forwards one reading, as Envoy's {@code UNESCAPE_AND_FORWARD});
     * the query and fragment as they were.
     */
    public static String unescape(String target) {
        return target == null ? null : PathNormalizer.unescapeSlashes(target);
    }

    /** The reading named {@code label}, or null. */
    public static EscapedSlashes fromLabel(String label) {
        return Labels.find(values(), label);
    }
}
