package dev.sluice.matchers;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells which context classes a key name puts its value in: bit {@code i} set means the key
 * matches the context rule of class {@code i} ({@code taxpayer_ssn} → us_ssn,
 * {@code spring.mail.password} → password_field). Key names come from parsers (Jackson hands
 * out canonical strings, so the cache hit costs no allocation) and from key=value text.
 *
 * <p>The cache is bounded: past {@link #MAX_CACHED} distinct keys, new keys are classified
 * without being remembered, so hostile bodies with millions of distinct keys cost CPU, not
 * memory.
 */
final class KeyClassifier {
    static final int MAX_CACHED = 8192;
    /**
     * Keys that hold a value for their parent or a labelled sibling rather than naming it:
     * {@code "spring.datasource.password": {"value": ...}}, {@code {"type": "passport",
     * "number": ...}}.
     */
    private static final Set<String> HOLDERS = Set.of("value", "values", "val", "data", "content", "text",
            "number", "num", "no", "nr", "raw", "plain", "string", "str", "field", "v");

    private final List<ContextRule> rules;
    private final ConcurrentHashMap<String, KeyClass> cache = new ConcurrentHashMap<>();
    private final InternedMemo<KeyClass> recent = new InternedMemo<>();

    KeyClassifier(List<ContextRule> rules) {
        if (rules.size() > 64) {
            throw new IllegalArgumentException("at most 64 detectors may have context rules, got " + rules.size());
        }
        this.rules = List.copyOf(rules);
    }

    /** Classes of {@code key} (null → 0). */
    long classify(String key) {
        if (key == null || key.isEmpty() || rules.isEmpty()) {
            return 0;
        }
        return lookUp(key).classes;
    }

    /** Whether {@code key} holds a value for a name given elsewhere ({@code value}, {@code content}). */
    boolean isHolder(String key) {
        return key != null && !key.isEmpty() && lookUp(key).holder;
    }

    /**
     * Classes of the value {@code field} describes; its label is read only when its key is a
     * holder. A name read as a value has none.
     */
    long classify(FieldContext field) {
        if (field.isMemberName()) {
            return 0; // a name is stored under nothing: its holder's key says nothing of it
        }
        String key = field.key();
        if (key == null || key.isEmpty() || rules.isEmpty()) {
            return key == null ? classifyHeld(field) : 0;
        }
        KeyClass k = lookUp(key);
        return k.classes == 0 && k.holder ? classifyHeld(field) : k.classes;
    }

    /** Classes of a value held for a name given elsewhere: its parent key's and its object's labels'. */
    private long classifyHeld(FieldContext field) {
        return classify(field.parentKey()) | classify(field.label()) | classify(field.firstLabel());
    }

    /**
     * The cached classification of a non-empty key. Holder-ness is cached with the classes:
     * it is asked for every value whose own key says nothing, and normalising the key each
     * time allocated two objects per value.
     */
    private KeyClass lookUp(String key) {
        KeyClass cached = recent.get(key);
        if (cached != null) {
            return cached;
        }
        cached = cache.get(key);
        if (cached != null) {
            recent.put(key, cached);
            return cached;
        }
        String normalized = ContextRule.normalize(key);
        KeyClass k = new KeyClass(compute(key, normalized), isHolderName(key, normalized));
        if (cache.size() < MAX_CACHED) {
            cache.put(key, k);
        }
        return k;
    }

    /**
     * A holder word, or a name whose last word is {@code value}: CloudFormation's
     * {@code ParameterValue}, Elastic Beanstalk's {@code OptionValue}, a form schema's
     * {@code defaultValue} hold the value of the name their sibling gives.
     */
    private static boolean isHolderName(String key, String normalized) {
        return HOLDERS.contains(normalized) || ContextRule.lastWord(key).equalsIgnoreCase("value");
    }

    private record KeyClass(long classes, boolean holder) {
    }

    private long compute(String key, String normalized) {
        long c = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matchesKey(key, normalized)) {
                c |= 1L << i;
            }
        }
        return c;
    }
}
