package dev.sluice.policy.identity;

import dev.sluice.matchers.ValueHasher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code identity:} section of a policy: how source services, the destination service and
 * tokens are named, and which service names may become metric labels. Immutable; the parts it
 * builds ({@link #sourceResolver()}, {@link #tokenExtractor}, {@link #newMetricNames()}) are what
 * front ends call per exchange.
 */
public final class IdentityPolicy {
    public static final int DEFAULT_MAX_SEEN = 50;
    public static final IdentityPolicy DEFAULT = builder().build();

    private final boolean trustXfcc;
    private final List<String> sourceHeaders;
    private final ServiceNameRule nameRule;
    private final String destinationName;
    private final List<String> tokenHeaders;
    private final List<String> tokenCookies;
    private final List<String> jwtClaims;
    private final boolean jwtIssuer;
    private final Set<String> metricServices;
    private final int maxSeenServices;

    private IdentityPolicy(Builder b) {
        this.trustXfcc = b.trustXfcc;
        this.sourceHeaders = List.copyOf(b.sourceHeaders);
        this.nameRule = b.nameRule;
        this.destinationName = b.destinationName;
        this.tokenHeaders = List.copyOf(b.tokenHeaders);
        this.tokenCookies = List.copyOf(b.tokenCookies);
        this.jwtClaims = List.copyOf(b.jwtClaims);
        this.jwtIssuer = b.jwtIssuer;
        this.metricServices = Set.copyOf(b.metricServices);
        this.maxSeenServices = b.maxSeenServices;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SourceServiceResolver sourceResolver() {
        return new SourceServiceResolver(trustXfcc, sourceHeaders, nameRule);
    }

    /** The destination service, from the configured name or {@code env} (see {@link DestinationServiceResolver}). */
    public ServiceIdentity destination(Map<String, String> env) {
        return DestinationServiceResolver.resolve(destinationName, nameRule, env);
    }

    public TokenIdentityExtractor tokenExtractor(ValueHasher hasher) {
        return new TokenIdentityExtractor(tokenHeaders, tokenCookies, jwtClaims, jwtIssuer, hasher);
    }

    /** A fresh bounded set for service-name labels; keep one per process, across reloads if the section is unchanged. */
    public BoundedNames newMetricNames() {
        return new BoundedNames(metricServices, maxSeenServices);
    }

    public boolean trustXfcc() {
        return trustXfcc;
    }

    public List<String> sourceHeaders() {
        return sourceHeaders;
    }

    public ServiceNameRule nameRule() {
        return nameRule;
    }

    public String destinationName() {
        return destinationName;
    }

    public List<String> tokenHeaders() {
        return tokenHeaders;
    }

    public List<String> tokenCookies() {
        return tokenCookies;
    }

    public List<String> jwtClaims() {
        return jwtClaims;
    }

    public boolean jwtIssuer() {
        return jwtIssuer;
    }

    public Set<String> metricServices() {
        return metricServices;
    }

    public int maxSeenServices() {
        return maxSeenServices;
    }

    @Override
    public String toString() {
        return "IdentityPolicy[xfcc=" + trustXfcc + ", sourceHeaders=" + sourceHeaders + ", " + nameRule
                + ", destination=" + destinationName + ", tokenHeaders=" + tokenHeaders + ", cookies=" + tokenCookies
                + ", claims=" + jwtClaims + ", metricServices=" + metricServices.size() + "+" + maxSeenServices + "]";
    }

    /** Defaults: XFCC trusted, rule {@code {sa}.{ns}}, claims sub, client_id, azp, 50 seen names. */
    public static final class Builder {
        private boolean trustXfcc = true;
        private final List<String> sourceHeaders = new ArrayList<>();
        private ServiceNameRule nameRule = ServiceNameRule.of(ServiceNameRule.DEFAULT_TEMPLATE);
        private String destinationName;
        private final List<String> tokenHeaders = new ArrayList<>();
        private final List<String> tokenCookies = new ArrayList<>();
        private final List<String> jwtClaims = new ArrayList<>(TokenIdentityExtractor.DEFAULT_CLAIMS);
        private boolean jwtIssuer;
        private final Set<String> metricServices = new LinkedHashSet<>();
        private int maxSeenServices = DEFAULT_MAX_SEEN;

        private Builder() {
        }

        public Builder trustXfcc(boolean trust) {
            this.trustXfcc = trust;
            return this;
        }

        public Builder sourceHeader(String name) {
            sourceHeaders.add(name);
            return this;
        }

        public Builder nameRule(ServiceNameRule rule) {
            this.nameRule = rule;
            return this;
        }

        public Builder destinationName(String name) {
            this.destinationName = name;
            return this;
        }

        public Builder tokenHeader(String name) {
            tokenHeaders.add(name);
            return this;
        }

        public Builder tokenCookie(String name) {
            tokenCookies.add(name);
            return this;
        }

        /** Replaces the default claims. */
        public Builder jwtClaims(List<String> claims) {
            jwtClaims.clear();
            jwtClaims.addAll(claims);
            return this;
        }

        public Builder jwtIssuer(boolean withIssuer) {
            this.jwtIssuer = withIssuer;
            return this;
        }

        public Builder metricService(String name) {
            metricServices.add(name);
            return this;
        }

        public Builder maxSeenServices(int max) {
            if (max < 0 || max > 10_000) {
                throw new IllegalArgumentException("max seen services must be in 0..10000, got " + max);
            }
            this.maxSeenServices = max;
            return this;
        }

        public IdentityPolicy build() {
            return new IdentityPolicy(this);
        }
    }
}
