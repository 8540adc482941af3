package dev.sluice.policy.identity;

import dev.sluice.matchers.Labels;
import java.util.Objects;

/**
 * A service as Sluice names it, and where the name came from. Peer addresses are names for
 * events only: {@link #metricLabel} never returns one, since addresses are not a bounded set.
 */
public record ServiceIdentity(String name, Origin origin) {
    /** No name could be found. */
    public static final ServiceIdentity UNKNOWN = new ServiceIdentity("unknown", Origin.UNKNOWN);

    /** Where a service name came from, most trustworthy first. */
    public enum Origin {
        /** The URI SAN of a client certificate this process verified. */
        PEER_CERTIFICATE,
        /** The element of {@code x-forwarded-client-cert} the nearest proxy added. */
        XFCC,
        /** A configured request header. */
        HEADER,
        /** The transport peer's address. */
        PEER_ADDRESS,
        /** The policy or configuration names it. */
        CONFIGURED,
        /** The pod's environment variables. */
        ENVIRONMENT,
        UNKNOWN;

        /** Computed once: labels go into every event and metric. */
        private final String label = Labels.of(this);

        public String label() {
            return label;
        }
    }

    public ServiceIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
    }

    /** The label for metrics: the name as {@code names} bounds it; "unknown" for addresses. */
    public String metricLabel(BoundedNames names) {
        return origin == Origin.PEER_ADDRESS || origin == Origin.UNKNOWN ? UNKNOWN.name : names.label(name);
    }
}
