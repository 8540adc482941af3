package dev.sluice.policy.identity;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Read access to one exchange's request headers, as each front end has them (Netty headers,
 * ext_proc header maps, SPOE arguments). Names are asked for in lower case.
 */
@FunctionalInterface
public interface HeaderLookup {
    /** The first value of header {@code lowerCaseName}, or null when absent. */
    String first(String lowerCaseName);

    /** No headers at all. */
    HeaderLookup NONE = name -> null;

    /** Headers from a map whose names may be in any case (a copy is taken). */
    static HeaderLookup of(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return lower::get;
    }
}
