package dev.sluice.testing;

/**
 * Which seeded cases a repetition of a mutation test runs. By default each repetition runs one
 * case, so {@code ./run-tests} stays quick; {@code -Dsluice.mutants=N} (passed to the test JVM by
 * the build) turns the repetitions into a campaign of about {@code N} cases. Seeds depend only on
 * the test's base, the repetition and the case index, so a failing case can be named and rerun.
 */
public final class Mutants {
    /** The system property that asks for a campaign: the number of cases over all repetitions. */
    public static final String CAMPAIGN = "sluice.mutants";

    private Mutants() {
    }

    /**
     * The seeds of repetition {@code repetition} (1-based) of {@code repetitions}: one by default,
     * else an equal part of the campaign divided by {@code share} (a test with several kinds of
     * case gives a smaller share to its slower kinds).
     */
    public static long[] seeds(long base, int repetition, int repetitions, int share) {
        int campaign = Integer.getInteger(CAMPAIGN, 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / share / repetitions);
        long[] seeds = new long[per];
        for (int k = 0; k < per; k++) {
            seeds[k] = base + (long) repetition * 1_000_003L + k;
        }
        return seeds;
    }
}
