package dev.sluice.policy;

import dev.sluice.matchers.Category;

/** What a rule applies to: one detector id, or every detector of a category. */
public record DetectorSelector(String detectorId, Category category) {
    public DetectorSelector {
        if ((detectorId == null) == (category == null)) {
            throw new IllegalArgumentException("a selector names a detector id or a category, not both or neither");
        }
    }

    public static DetectorSelector detector(String id) {
        return new DetectorSelector(id, null);
    }

    public static DetectorSelector category(Category c) {
        return new DetectorSelector(null, c);
    }

    public boolean isDetector() {
        return detectorId != null;
    }

    public boolean selects(PolicyFinding f) {
        return detectorId != null ? detectorId.equals(f.detectorId()) : category == f.category();
    }

    /** The key as written in a policy: the id, or the category label. */
    public String label() {
        return detectorId != null ? detectorId : category.label();
    }

    @Override
    public String toString() {
        return label();
    }
}
