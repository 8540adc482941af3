package dev.sluice.policy.yaml;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.DetectorSelector;
import dev.sluice.policy.budget.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code budgets:}: each with {@code name}, {@code detectors} (ids or categories),
 * {@code max_distinct}, {@code window}, {@code cooldown}, and optionally {@code max_tokens}
 * and {@code direction} (response by default: budgets limit what a token receives).
 */
final class BudgetReader {
    static final Set<String> KEYS = Set.of("name", "detectors", "max_distinct", "window", "cooldown", "max_tokens",
            "direction");
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    private BudgetReader() {
    }

    static List<Budget> read(Node n, ReadContext cx) {
        Problems p = cx.problems;
        List<Budget> out = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (Node item : Fields.list(n, "budgets", false, p)) {
            Node.MapNode m = Fields.map(item, "a budget", p);
            if (m == null) {
                continue;
            }
            Fields.keys(m, KEYS, "a budget", p);
            String name = required(m, "name", p) == null ? null : Fields.string(m.get("name"), "name", p);
            if (name != null && !Names.valid(name)) {
                p.at(m.get("name"), "budget name '" + name + "': " + Names.RULE);
                name = null;
            }
            Integer prior = name == null ? null : firstLine.putIfAbsent(name, m.get("name").line());
            if (prior != null) {
                p.at(m.get("name"), "budget name '" + name + "' is used twice (first at line " + prior + ")");
                name = null;
            }
            Set<String> ids = new HashSet<>();
            Set<Category> categories = new HashSet<>();
            if (required(m, "detectors", p) != null) {
                for (DetectorSelector s : cx.selectors(m.get("detectors"), "detectors")) {
                    if (s.isDetector()) {
                        ids.add(s.detectorId());
                    } else {
                        categories.add(s.category());
                    }
                }
            }
            Integer max = required(m, "max_distinct", p) == null ? null
                    : Fields.integer(m.get("max_distinct"), "max_distinct", 1, Budget.MAX_DISTINCT, p);
            Duration window = required(m, "window", p) == null ? null
                    : Fields.duration(m.get("window"), "window", MAX_WINDOW, false, p);
            Duration cooldown = required(m, "cooldown", p) == null ? null
                    : Fields.duration(m.get("cooldown"), "cooldown", MAX_WINDOW, true, p);
            Integer tokens = m.get("max_tokens") == null ? Integer.valueOf(Budget.DEFAULT_MAX_TOKENS)
                    : Fields.integer(m.get("max_tokens"), "max_tokens", 1, Budget.MAX_TOKENS, p);
            String dir = m.get("direction") == null ? "response"
                    : Fields.oneOf(m.get("direction"), "direction", MatchReader.DIRECTIONS, p);
            if (name != null && (!ids.isEmpty() || !categories.isEmpty()) && max != null && window != null
                    && cooldown != null && tokens != null && dir != null) {
                out.add(new Budget(name, ids, categories, max, window, cooldown, tokens, Direction.fromLabel(dir)));
            }
        }
        return out;
    }

    private static Node required(Node.MapNode m, String key, Problems p) {
        Node n = m.get(key);
        if (n == null) {
            p.at(m, "a budget needs '" + key + "'");
        }
        return n;
    }
}
