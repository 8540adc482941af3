package dev.sluice.grpc.reflect;

import java.time.Duration;

/**
 * The validated limits of one resolver; see {@link ReflectionResolverBuilder} for defaults.
 *
 * @param timeout              wall-clock budget of one lookup, both protocol versions included
 * @param positiveTtl          how long a found symbol is served from the cache
 * @param negativeTtl          how long a failed lookup is answered from the cache
 * @param maxCacheEntries      bound of the positive cache and, separately, of the negative cache
 * @param maxCachedBytes       serialized descriptor bytes the positive cache may hold
 * @param maxConcurrentLookups lookups of distinct symbols in flight at once
 * @param maxFiles             files one lookup may collect, dependencies included
 * @param maxBytes             serialized descriptor bytes one lookup may collect
 * @param maxTypes             message types remembered for {@code Any} resolution
 */
record ReflectionSettings(Duration timeout, Duration positiveTtl, Duration negativeTtl,
                          int maxCacheEntries, long maxCachedBytes, int maxConcurrentLookups, int maxFiles,
                          int maxBytes, int maxTypes) {
}
