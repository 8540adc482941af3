package dev.sluice.grpc.reflect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded twice: by entry count and by total weight (for example the
 * descriptor bytes an entry holds). Inserting evicts the least recently used entries until both
 * bounds hold again, always keeping the newest. Not thread-safe: each owner guards it with its
 * own lock.
 */
final class BoundedLru<K, V> {

    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private long weight;

    /** Bounded by count only. */
    BoundedLru(int maxEntries) {
        this(maxEntries, Long.MAX_VALUE, value -> 0);
    }

    BoundedLru(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        if (maxEntries < 1 || maxWeight < 0) {
            throw new IllegalArgumentException("bounds must be positive, were " + maxEntries + " and " + maxWeight);
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** Returns the value and marks it most recently used, or null. */
    V get(K key) {
        return entries.get(key);
    }

    void put(K key, V value) {
        V previous = entries.put(key, value);
        if (previous != null) {
            weight -= weigher.applyAsLong(previous);
        }
        weight += weigher.applyAsLong(value);
        Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && entries.size() > 1) {
            Map.Entry<K, V> entry = eldest.next();
            weight -= weigher.applyAsLong(entry.getValue());
            eldest.remove();
        }
    }

    void remove(K key) {
        V previous = entries.remove(key);
        if (previous != null) {
            weight -= weigher.applyAsLong(previous);
        }
    }

    int size() {
        return entries.size();
    }

    long weight() {
        return weight;
    }
}
