package dev.sluice.grpc.reflect;

/**
 * Why a reflection lookup did or did not produce types. Every outcome but {@link #RESOLVED},
 * {@link #MALFORMED_PATH}, {@link #METHOD_NOT_FOUND}, {@link #OVERLOADED} and {@link #CLOSED}
 * comes from asking the upstream and is cached negatively for the negative TTL.
 * {@code METHOD_NOT_FOUND} is answered from a cached service, without asking again.
 */
public enum LookupOutcome {
    /** The method (or message type) was found. */
    RESOLVED,
    /** The path is not {@code /package.Service/Method}; nothing was asked. */
    MALFORMED_PATH,
    /** The service is known but has no such method (or the name is not a service). */
    METHOD_NOT_FOUND,
    /** The server's reflection does not know the symbol. */
    SYMBOL_NOT_FOUND,
    /** The server answers neither reflection v1 nor v1alpha ({@code UNIMPLEMENTED}). */
    NO_REFLECTION,
    /** The lookup did not finish within the per-lookup deadline. */
    TIMEOUT,
    /** The upstream could not be reached ({@code UNAVAILABLE}). */
    UNAVAILABLE,
    /** The reflection call failed with another status; the detail names the status code. */
    RPC_FAILED,
    /** A descriptor did not parse or validate, or the server broke the reflection protocol. */
    MALFORMED_DESCRIPTORS,
    /** The files import each other in a cycle. */
    DEPENDENCY_CYCLE,
    /** A file imports another that the server could not supply. */
    MISSING_DEPENDENCY,
    /** The symbol needs more files than the file limit allows. */
    TOO_MANY_FILES,
    /** The files (or one response) exceed the byte limit. */
    TOO_MANY_BYTES,
    /** Too many lookups of other symbols are in flight; not cached, the next request tries again. */
    OVERLOADED,
    /** The resolver was closed. */
    CLOSED;

    /** True for outcomes that record something the upstream said and so belong in a cache. */
    boolean cacheable() {
        return this != MALFORMED_PATH && this != OVERLOADED && this != CLOSED;
    }
}
