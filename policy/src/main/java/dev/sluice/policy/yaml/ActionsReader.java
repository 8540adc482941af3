package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import dev.sluice.matchers.Labels;
import dev.sluice.policy.Action;
import dev.sluice.policy.ActionRule;
import dev.sluice.policy.DetectorSelector;
import dev.sluice.policy.Route;
import dev.sluice.policy.mask.MaskSpec;
import dev.sluice.policy.mask.MaskStyle;
import java.util.List;
import java.util.Set;

/**
 * Reads an action map ({@code actions:}, {@code request:} or {@code response:}): detector ids
 * or categories as keys, and as values either an action ({@code alert}) or a mapping
 * {@code {action, mask, replacement, min_count}}.
 */
final class ActionsReader {
    static final Set<String> ENTRY_KEYS = Set.of("action", "mask", "replacement", "min_count");
    static final int MAX_MIN_COUNT = 100_000;
    private static final List<String> ACTIONS = Labels.all(Action.values());
    private static final List<String> MASKS = Labels.all(MaskStyle.values());

    private ActionsReader() {
    }

    static void read(Node section, Direction direction, String origin, Route.Builder route, ReadContext cx) {
        Node.MapNode m = Fields.map(section, origin, cx.problems);
        if (m == null) {
            return;
        }
        for (Node.Field f : m.fields().values()) {
            DetectorSelector sel = cx.selector(f.key(), f.line(), f.column());
            ActionRule rule = sel == null ? null : entry(f.value(), sel, direction, origin + "." + f.key(), cx);
            if (rule != null) {
                route.rule(rule);
            }
        }
    }

    private static ActionRule entry(Node v, DetectorSelector sel, Direction dir, String origin, ReadContext cx) {
        Problems p = cx.problems;
        if (v instanceof Node.Scalar) {
            String a = Fields.oneOf(v, "action", ACTIONS, p);
            return a == null ? null : ActionRule.of(sel, dir, Action.fromLabel(a), null, origin);
        }
        Node.MapNode m = Fields.map(v, "an action entry", p);
        if (m == null) {
            return null;
        }
        Fields.keys(m, ENTRY_KEYS, "an action entry", p);
        Node an = m.get("action");
        if (an == null) {
            p.at(m, "an action entry needs 'action' (one of " + String.join(", ", ACTIONS) + ")");
            return null;
        }
        String a = Fields.oneOf(an, "action", ACTIONS, p);
        Action action = a == null ? null : Action.fromLabel(a);
        MaskSpec mask = mask(m, action, cx);
        int minCount = 1;
        if (m.get("min_count") != null) {
            Integer c = Fields.integer(m.get("min_count"), "min_count", 1, MAX_MIN_COUNT, p);
            minCount = c == null ? 1 : c;
        }
        return action == null ? null : new ActionRule(sel, dir, action, action == Action.REDACT ? mask : null,
                minCount, origin);
    }

    /** The mask of a redact entry (fixed by default); problems for masks on other actions. */
    private static MaskSpec mask(Node.MapNode m, Action action, ReadContext cx) {
        Problems p = cx.problems;
        Node.Field maskField = m.fields().get("mask");
        Node.Field textField = m.fields().get("replacement");
        if (action != null && action != Action.REDACT && (maskField != null || textField != null)) {
            Node.Field f = maskField != null ? maskField : textField;
            p.at(f, "'" + f.key() + "' goes with action redact only, not " + action.label());
            return null;
        }
        String style = maskField == null ? MaskStyle.FIXED.label() : Fields.oneOf(maskField.value(), "mask", MASKS, p);
        if (style == null) {
            return null;
        }
        String text = null;
        if (textField != null) {
            text = Fields.string(textField.value(), "replacement", p);
            if (!style.equals(MaskStyle.FIXED.label())) {
                p.at(textField, "'replacement' goes with mask fixed only");
                return null;
            }
            String problem = text == null ? null : MaskSpec.textProblem(text);
            if (problem != null) {
                p.at(textField.value(), problem);
                return null;
            }
        }
        return switch (MaskStyle.fromLabel(style)) {
            case KEEP_LAST_4 -> MaskSpec.keepLast4();
            case FIXED -> MaskSpec.fixed(text);
            case KEYED_HASH -> MaskSpec.keyedHash(cx.hasher);
        };
    }
}
