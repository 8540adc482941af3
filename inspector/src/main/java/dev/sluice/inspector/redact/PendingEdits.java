package dev.sluice.inspector.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * Replacements waiting for their bytes to be released, ordered by start and never
 * overlapping: a new edit that overlaps others (an attack finding inside a PII value, two
 * findings on one JSON number) is merged with them into one edit over the union of their spans,
 * with the replacement of the widest, so no byte of either value survives (two edits that write a
 * {@code *} for every byte, the parts of a finding across joined values, give stars over the
 * union).
 */
final class PendingEdits {
    /** One replacement of body bytes {@code [start, end)}. */
    record Edit(long start, long end, byte[] replacement) {
        @Override
        public String toString() {
            return "Edit[" + start + ".." + end + " with " + replacement.length + " bytes]";
        }
    }

    private final List<Edit> edits = new ArrayList<>();

    void add(long start, long end, byte[] replacement) {
        int i = 0;
        while (i < edits.size() && edits.get(i).end() <= start) {
            i++;
        }
        Edit merged = new Edit(start, end, replacement);
        while (i < edits.size() && edits.get(i).start() < merged.end()) {
            Edit e = edits.remove(i);
            long from = Math.min(e.start(), merged.start());
            long to = Math.max(e.end(), merged.end());
            boolean wider = e.end() - e.start() > merged.end() - merged.start();
            merged = new Edit(from, to, starsOver(e) && starsOver(merged) ? Replacements.stars(to - from)
                    : wider ? e.replacement() : merged.replacement());
        }
        edits.add(i, merged);
    }

    /** A {@code *} for each byte of its span: two such edits merge into one over their union. */
    private static boolean starsOver(Edit e) {
        return Replacements.isStars(e.replacement(), e.end() - e.start());
    }

    /** The first edit, or null. */
    Edit first() {
        return edits.isEmpty() ? null : edits.get(0);
    }

    void removeFirst() {
        edits.remove(0);
    }

    int size() {
        return edits.size();
    }
}
