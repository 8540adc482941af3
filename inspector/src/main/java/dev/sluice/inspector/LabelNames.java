package dev.sluice.inspector;

import dev.sluice.matchers.ContextRule;
import dev.sluice.matchers.InternedMemo;
import java.util.Set;

/**
 * Names whose short text names the object or element it sits in, rather than being a value
 * of its own: {@code {"type": "passport", "number": …}}, AWS's {@code {"Name":
 * "/prod/db/password", "Value": …}} (SSM parameters, ECS environment), {@code {"Key": …,
 * "Value": …}} (tags), CloudFormation's {@code ParameterKey}, Elastic Beanstalk's
 * {@code OptionName}, and the same pairs as XML elements. Compared in any case and without
 * separators ({@code doc_type}, {@code DocType}).
 */
public final class LabelNames {
    private static final Set<String> NORMALIZED = Set.of("type", "kind", "name", "key", "label", "field",
            "documenttype", "doctype", "idtype", "category", "attribute", "param", "parameterkey", "parametername",
            "optionname", "variablename", "settingname");
    /** Parsers hand the same few name instances again and again (Jackson's and the markup reader's caches). */
    private static final InternedMemo<Boolean> RECENT = new InternedMemo<>();

    private LabelNames() {
    }

    /** Whether a short text under {@code name} labels its object or element. */
    public static boolean is(String name) {
        Boolean known = RECENT.get(name);
        if (known == null) {
            known = NORMALIZED.contains(ContextRule.normalize(name));
            RECENT.put(name, known);
        }
        return known;
    }
}
