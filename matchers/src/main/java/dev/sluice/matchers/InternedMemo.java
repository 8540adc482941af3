package dev.sluice.matchers;

/**
 * A small direct-mapped cache in front of a slower map, for strings that come back as the
 * same instance: Jackson interns member names, so the keys of every object of an array are
 * the same few {@code String}s. A hit costs the string's cached hash, one array load and a
 * reference comparison, where a {@code ConcurrentHashMap} lookup costs several times that and
 * was a tenth of JSON inspection's time. A miss says nothing: the caller asks its map.
 *
 * <p>Shared between threads without locks: a slot holds an immutable entry, so a reader sees
 * an old entry or a new one, never half of one, and a lost write only costs a later miss.
 *
 * @param <V> the cached facts about a string
 */
public final class InternedMemo<V> {
    private static final int SLOTS = 256;

    private final Entry<V>[] slots;

    @SuppressWarnings("unchecked")
    public InternedMemo() {
        this.slots = (Entry<V>[]) new Entry<?>[SLOTS];
    }

    /** The value remembered for this very instance of {@code key}, or null. */
    public V get(String key) {
        Entry<V> e = slots[key.hashCode() & (SLOTS - 1)];
        return e != null && e.key == key ? e.value : null;
    }

    /** Remembers {@code value} for this instance of {@code key}, replacing whatever shared its slot. */
    public void put(String key, V value) {
        slots[key.hashCode() & (SLOTS - 1)] = new Entry<>(key, value);
    }

    private record Entry<V>(String key, V value) {
    }
}
