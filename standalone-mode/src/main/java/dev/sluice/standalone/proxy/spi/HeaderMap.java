package dev.sluice.standalone.proxy.spi;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The header (or trailer) fields of one message. Names are case-insensitive. A map handed to a
 * filter is writable only during the call that receives it; afterwards writes throw
 * {@link IllegalStateException}. Its {@code toString()} names the fields, never their values.
 */
public interface HeaderMap {

    /** The first value of {@code name}, or {@code null}. */
    String get(String name);

    /** Every value of {@code name}, in order; empty if none. */
    List<String> getAll(String name);

    boolean contains(String name);

    /** Replaces every value of {@code name} with {@code value}. */
    void set(String name, String value);

    /** Adds a value of {@code name} after the existing ones. */
    void add(String name, String value);

    /** Removes every value of {@code name}. */
    void remove(String name);

    /** Calls {@code action} with each (name, value) pair, in order. */
    void forEach(BiConsumer<String, String> action);

    /** The number of (name, value) pairs. */
    int size();
}
