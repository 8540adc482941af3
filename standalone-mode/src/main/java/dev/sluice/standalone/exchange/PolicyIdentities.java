package dev.sluice.standalone.exchange;

import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Policy;
import dev.sluice.policy.identity.ServiceIdentity;
import dev.sluice.policy.identity.SourceServiceResolver;
import dev.sluice.policy.identity.TokenIdentityExtractor;
import java.util.Map;
import java.util.Objects;

/**
 * The identity extractors one policy's identity section makes, built once per policy rather than
 * per exchange, and kept with that policy so an exchange never mixes two versions of it.
 */
public record PolicyIdentities(Policy policy, SourceServiceResolver source, TokenIdentityExtractor token,
                               ServiceIdentity destination) {
    public PolicyIdentities {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(destination, "destination");
    }

    /** The extractors of {@code p}; {@code env} names the destination service. */
    public static PolicyIdentities of(Policy p, ValueHasher hasher, Map<String, String> env) {
        Objects.requireNonNull(p, "policy");
        return new PolicyIdentities(p, p.identity().sourceResolver(), p.identity().tokenExtractor(hasher),
                p.identity().destination(env));
    }
}
