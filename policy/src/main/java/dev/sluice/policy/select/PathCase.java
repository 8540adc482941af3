package dev.sluice.policy.select;

import dev.sluice.matchers.Labels;

/**
 * Whether letter case in a request's path counts when its route is selected. Upstreams
 * disagree: Express routers and ASP.NET Core match paths without case (so {@code /V1/Cards/1}
 * reaches the handler of {@code /v1/cards/:id}), IIS serves files without case, while nginx,
 * Go's {@code ServeMux}, Spring and Envoy compare case. Host names never count case.
 */
public enum PathCase {
    /**
     * ASCII letters match either case: {@code /V1/Cards/1} selects the route of
     * {@code /v1/cards/**}. The default: for an upstream that compares case the other spelling
     * is a different (most often missing) resource, and a stricter route on it costs nothing.
     */
    INSENSITIVE,
    /** Letters match as written: {@code /V1/Cards/1} does not select {@code /v1/cards/**}. */
    SENSITIVE;

    private final String label = Labels.of(this);

    /** The other reading. */
    public PathCase other() {
        return this == INSENSITIVE ? SENSITIVE : INSENSITIVE;
    }

    /** The policy file's word for it. */
    public String label() {
        return label;
    }

    /** The reading named {@code label}, or null. */
    public static PathCase fromLabel(String label) {
        return Labels.find(values(), label);
    }
}
