package dev.sluice.policy.yaml;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.DetectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the section readers share while reading one file: the problems found so far, the known
 * detector ids (built-in and the file's own), the route names declared, the key for
 * keyed-hash masks, and the samples to check once the policy is built.
 */
final class ReadContext {
    final Problems problems;
    /** Every sample read, checked against the built policy ({@link SampleReader#check}). */
    final List<SampleReader.Site> samples = new ArrayList<>();
    final ValueHasher hasher;
    private final Set<String> detectorIds;
    private final Set<String> selectorNames;
    private final Set<String> routeNames;

    ReadContext(Problems problems, ValueHasher hasher, Set<String> detectorIds, Set<String> routeNames) {
        this.problems = problems;
        this.hasher = hasher;
        this.detectorIds = Set.copyOf(detectorIds);
        Set<String> names = new TreeSet<>(detectorIds);
        for (Category c : Category.values()) {
            names.add(c.label());
        }
        this.selectorNames = names;
        this.routeNames = Set.copyOf(routeNames);
    }

    /** The selector {@code name} stands for (a category label or a detector id), or null with a problem. */
    DetectorSelector selector(String name, int line, int column) {
        for (Category c : Category.values()) {
            if (c.label().equals(name)) {
                return DetectorSelector.category(c);
            }
        }
        if (detectorIds.contains(name)) {
            return DetectorSelector.detector(name);
        }
        problems.add(line, column, "unknown detector '" + name + "'" + Suggestions.didYouMean(name, selectorNames));
        return null;
    }

    List<DetectorSelector> selectors(Node n, String what) {
        List<DetectorSelector> out = new ArrayList<>();
        for (Node item : Fields.list(n, what, true, problems)) {
            String s = Fields.string(item, what + " entries", problems);
            DetectorSelector sel = s == null ? null : selector(s, item.line(), item.column());
            if (sel != null) {
                out.add(sel);
            }
        }
        return out;
    }

    /** True when {@code name} is a declared route (or "default"); else records a problem. */
    boolean knownRoute(String name, Node at) {
        if (routeNames.contains(name)) {
            return true;
        }
        problems.at(at, "unknown route '" + name + "'" + Suggestions.didYouMean(name, routeNames));
        return false;
    }
}
