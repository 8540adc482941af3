package dev.sluice.matchers;

/**
 * The expressions a session finds in Java instead of Hyperscan: expression {@code runIds[i]} with
 * {@code runs[i]} ({@link ClassRun}), expression {@code shapeIds[i]} as shape {@code i} of
 * {@code shapes} ({@link DigitRuns}).
 */
record JavaScans(int[] runIds, ClassRun[] runs, int[] shapeIds, DigitShapeSet shapes) {
}
