package dev.sluice.standalone.events;

import dev.sluice.inspector.Finding;
import dev.sluice.matchers.Category;
import dev.sluice.policy.Action;
import java.util.Objects;

/**
 * One finding as an event reports it: detector id, category, field path, how many times the same
 * value was found there, the value's keyed hash and masked preview, the action, and the policy
 * entry that decided it ({@code routes[payments].response.credit_card}, {@code implicit} when no
 * entry covered it): an operator asking why a value was blocked reads where to look. No field can
 * hold the value itself: a hash that is not 32 hex digits is dropped, and a preview that does not
 * have the masked shape the matchers make (at most {@value #MAX_SHOWN} characters shown around
 * stars) is replaced by {@value #HIDDEN}. Field paths, written by the client's keys, are cut to
 * {@value #MAX_PATH_CHARS} characters.
 */
public final class EventFinding {
    static final int MAX_SHOWN = 8;
    static final int MAX_PREVIEW_CHARS = MAX_SHOWN + 16;
    static final int MAX_PATH_CHARS = 256;
    static final int MAX_ID_CHARS = 64;
    static final int MAX_RULE_CHARS = 160;
    static final String HIDDEN = "***";

    private final String id;
    private final Category category;
    private final String path;
    private final int count;
    private final String valueHash;
    private final String preview;
    private final Action action;
    private final String rule;

    private EventFinding(String id, Category category, String path, int count, String valueHash, String preview,
                         Action action, String rule) {
        this.id = id;
        this.category = category;
        this.path = path;
        this.count = count;
        this.valueHash = valueHash;
        this.preview = preview;
        this.action = action;
        this.rule = rule;
    }

    /** The finding of an inspection with the action the policy gave it and the entry that decided it. */
    public static EventFinding of(Finding finding, Action action, String rule) {
        return of(finding.id(), finding.category(), finding.path(), finding.valueHash(), finding.preview(), action)
                .decidedBy(rule);
    }

    /**
     * @param valueHash the value's keyed hash (32 hex digits); anything else is left out
     * @param preview   the masked preview ({@code 4111********1111}); anything else becomes {@value #HIDDEN}
     */
    public static EventFinding of(String detectorId, Category category, String fieldPath, String valueHash,
                                  String preview, Action action) {
        return new EventFinding(detectorId(detectorId), Objects.requireNonNull(category, "category"),
                Texts.cut(fieldPath == null ? "" : fieldPath, MAX_PATH_CHARS), 1, hash(valueHash), masked(preview),
                Objects.requireNonNull(action, "action"), "");
    }

    /** This finding decided by the policy entry {@code rule} (written by the policy, never by traffic). */
    public EventFinding decidedBy(String rule) {
        return new EventFinding(id, category, path, count, valueHash, preview, action,
                Texts.cut(rule == null ? "" : rule, MAX_RULE_CHARS));
    }

    /** The same finding counted once more. */
    EventFinding plusOne() {
        return new EventFinding(id, category, path, count == Integer.MAX_VALUE ? count : count + 1, valueHash, preview,
                action, rule);
    }

    /** What makes two findings the same value at the same place with the same action (then they merge). */
    record MergeKey(String id, String path, String valueHash, Action action, String preview, String rule) {
    }

    MergeKey mergeKey() {
        return new MergeKey(id, path, valueHash, action, preview, rule);
    }

    public String id() {
        return id;
    }

    public Category category() {
        return category;
    }

    public String path() {
        return path;
    }

    public int count() {
        return count;
    }

    /** 32 hex digits, or empty when the finding had none. */
    public String valueHash() {
        return valueHash;
    }

    public String preview() {
        return preview;
    }

    public Action action() {
        return action;
    }

    /** The policy entry that decided the action, or empty when not known. */
    public String rule() {
        return rule;
    }

    private static String detectorId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return "unknown";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-')) {
                return "unknown";
            }
        }
        return id;
    }

    private static String hash(String h) {
        if (h == null || h.length() != 32) {
            return "";
        }
        for (int i = 0; i < 32; i++) {
            char c = h.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return "";
            }
        }
        return h;
    }

    /**
     * The preview when it has the shape the matchers give one: {@code k} characters, 1 to 16 stars,
     * {@code k} characters, with {@code k} 0, 2 or 4 ({@code **}, {@code ab****yz},
     * {@code 4111********1111}); anything else could be more of the value than a preview shows.
     */
    static String masked(String p) {
        if (p == null || p.isEmpty() || p.length() > MAX_PREVIEW_CHARS) {
            return HIDDEN;
        }
        int first = p.indexOf('*');
        int last = p.lastIndexOf('*');
        int shownBefore = first;
        int shownAfter = p.length() - 1 - last;
        int stars = last - first + 1;
        if (first < 0 || shownBefore != shownAfter || shownBefore % 2 != 0 || shownBefore > MAX_SHOWN / 2
                || stars > 16) {
            return HIDDEN;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean inStars = i >= first && i <= last;
            if (inStars ? c != '*' : c < 0x21 || c > 0x7e) {
                return HIDDEN;
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return "EventFinding[" + id + " " + path + " x" + count + " " + preview + " " + action.label() + "]";
    }
}
