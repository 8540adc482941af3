package dev.sluice.inspector;

import dev.sluice.matchers.MatchEngine;

/**
 * The built-in detectors, compiled once for all end-to-end tests of this package (compiling
 * costs about a second). Never closed: its native databases go with the test JVM.
 */
public final class BuiltinEngine {
    private static final MatchEngine ENGINE = MatchEngine.builtin();

    private BuiltinEngine() {
    }

    public static Inspector inspector(InspectionLimits limits) {
        return new Inspector(ENGINE, limits);
    }

    /** Sessions that charge what they keep to {@code memory}. */
    public static Inspector inspector(InspectionLimits limits, HeldMemory memory) {
        return new Inspector(ENGINE, limits, memory);
    }

    public static Inspector inspector() {
        return inspector(InspectionLimits.defaults());
    }
}
