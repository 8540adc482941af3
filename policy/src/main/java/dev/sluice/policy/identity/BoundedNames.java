package dev.sluice.policy.identity;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps metric label values to a bounded set: configured names always pass, the first
 * {@code maxSeen} other names seen pass too, and every later name becomes {@value #OTHER}.
 * Thread-safe and lock-free; a name once admitted stays admitted for the life of the object.
 */
public final class BoundedNames {
    public static final String OTHER = "other";
    public static final String UNKNOWN = "unknown";

    private final Set<String> configured;
    private final int maxSeen;
    private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();

    public BoundedNames(Set<String> configured, int maxSeen) {
        if (maxSeen < 0) {
            throw new IllegalArgumentException("maxSeen must be >= 0, got " + maxSeen);
        }
        this.configured = Set.copyOf(configured);
        this.maxSeen = maxSeen;
    }

    /** {@code name} when it is in the bounded set (admitting it if there is room), else "other". */
    public String label(String name) {
        if (name == null || name.isEmpty()) {
            return UNKNOWN;
        }
        if (configured.contains(name) || seen.containsKey(name)) {
            return name;
        }
        while (true) {
            int n = admitted.get();
            if (n >= maxSeen) {
                return OTHER;
            }
            if (admitted.compareAndSet(n, n + 1)) {
                if (seen.putIfAbsent(name, Boolean.TRUE) != null) {
                    admitted.decrementAndGet();
                }
                return name;
            }
        }
    }

    /** How many names were admitted beyond the configured ones. */
    public int admittedCount() {
        return seen.size();
    }

    @Override
    public String toString() {
        return "BoundedNames[configured=" + configured.size() + ", seen=" + seen.size() + "/" + maxSeen + "]";
    }
}
