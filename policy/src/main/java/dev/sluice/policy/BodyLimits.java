package dev.sluice.policy;

/**
 * A route's bounds on its bodies in one direction ({@code limits:} in the policy), each 0 where it
 * sets none: the defaults' then apply, else the front end's own.
 *
 * @param maxInspectedBytes the body bytes inspected per message, the rest passing uninspected (an
 *                          {@code inspected_bytes_limit} outcome, which the fail rule decides); it
 *                          replaces the front end's bound, larger or smaller
 * @param maxHeldBodyBytes  the most body bytes {@code sluice serve} holds for a verdict on a route
 *                          that may refuse (over it the fail rule for {@code limit} decides); never
 *                          more than the process's {@code limits.max_held_body_bytes}, the
 *                          operator's ceiling on memory, which a policy lowers and never raises
 */
public record BodyLimits(long maxInspectedBytes, long maxHeldBodyBytes) {
    /** No bound of the policy's own. */
    public static final BodyLimits NONE = new BodyLimits(0, 0);

    public BodyLimits {
        if (maxInspectedBytes < 0 || maxHeldBodyBytes < 0) {
            throw new IllegalArgumentException("limits must be >= 0, not " + maxInspectedBytes + " and "
                    + maxHeldBodyBytes);
        }
    }

    /** These bounds, each {@code base}'s where these set none (a route's over the defaults'). */
    public BodyLimits over(BodyLimits base) {
        return new BodyLimits(maxInspectedBytes > 0 ? maxInspectedBytes : base.maxInspectedBytes,
                maxHeldBodyBytes > 0 ? maxHeldBodyBytes : base.maxHeldBodyBytes);
    }

    public BodyLimits withMaxInspectedBytes(long bytes) {
        return new BodyLimits(bytes, maxHeldBodyBytes);
    }

    public BodyLimits withMaxHeldBodyBytes(long bytes) {
        return new BodyLimits(maxInspectedBytes, bytes);
    }

    /** The bytes held for a verdict under a front end whose own ceiling is {@code frontEnd}: the smaller. */
    public long maxHeldBodyBytes(long frontEnd) {
        return maxHeldBodyBytes > 0 ? Math.min(maxHeldBodyBytes, frontEnd) : frontEnd;
    }

    /** True when neither bound is set. */
    public boolean none() {
        return maxInspectedBytes == 0 && maxHeldBodyBytes == 0;
    }
}
