package dev.sluice.matchers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * For tests that hold the engine, whose expressions are spread over several databases, to the
 * findings of a reference that keeps them all in the main one: both compiled from the built-in
 * catalog with the same hash key, once per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstOneDatabase {
    private static final byte[] KEY = new byte[32];

    /** The engine as shipped. */
    MatchEngine split;
    /** Every expression in the main database. */
    MatchEngine reference;

    @BeforeAll
    void compileBoth() {
        split = MatchEngine.compile(DetectorCatalog.builtin(), ValueHasher.withKey(KEY));
        reference = MatchEngine.compileWithOneDatabase(DetectorCatalog.builtin(), ValueHasher.withKey(KEY));
    }

    @AfterAll
    void closeBoth() {
        split.close();
        reference.close();
    }
}
