package dev.sluice.standalone.proxy;

import dev.sluice.matchers.Labels;

/**
 * What {@code sluice serve} does with a request whose path holds an encoded slash or backslash
 * ({@code %2F}, {@code %5C}), named as Envoy's {@code path_with_escaped_slashes_action} names
 * it. The policy's {@code escaped_slashes} says how such a path selects its route; this says
 * whether the upstream gets it at all, and spelt how.
 */
public enum EscapedSlashAction {
    /** Forwarded as sent; the policy's reading selects the route. The default. */
    KEEP_UNCHANGED,
    /** Refused with 400 before any inspection, nothing forwarded: for upstreams that serve no such path. */
    REJECT_REQUEST,
    /**
     * Forwarded with {@code %2F} as {@code /} and {@code %5C} as {@code \}: the upstream and the
     * route then read one path, whatever either would have made of the encoded one.
     */
    UNESCAPE_AND_FORWARD;

    private final String label = Labels.of(this);

    /** The configuration's word for it. */
    public String label() {
        return label;
    }

    /** The action named {@code label} in any case, or null. */
    public static EscapedSlashAction fromLabel(String label) {
        return Labels.findIgnoringCase(values(), label);
    }
}
