package dev.sluice.inspector.json;

import dev.sluice.inspector.LabelNames;
import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.matchers.InternedMemo;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a member name means for the values under it, decided once per name instead of once
 * per member: how it prints in a path ({@code .card} or {@code ['a b']}) and whether its
 * value may label its object. One instance ({@link #SHARED}) serves every parser on every
 * thread, so an API's member names are described once per process rather than once per body.
 * Holds at most {@value #MAX_NAMES} names: past that, a new name is described afresh each time
 * it occurs (as if there were no cache), so bodies of ever new names cost time, never memory.
 */
final class MemberNames {
    static final int MAX_NAMES = 4096;
    static final MemberNames SHARED = new MemberNames();

    /**
     * One member name's facts; {@code readAsValue}: it could carry an attack, so a request's
     * inspection reads it as a value too ({@link FormBodyParser#nameWorthReading}).
     */
    record Member(String segment, boolean labelKey, boolean readAsValue) {
    }

    private final ConcurrentHashMap<String, Member> known = new ConcurrentHashMap<>();
    private final InternedMemo<Member> recent = new InternedMemo<>();

    Member of(String name) {
        Member m = recent.get(name);
        if (m != null) {
            return m;
        }
        m = known.get(name);
        if (m != null) {
            recent.put(name, m);
        } else {
            m = new Member(segment(name), LabelNames.is(name), FormBodyParser.nameWorthReading(name));
            // Racing threads may go a few names past the bound; the bound is about memory, not exactness.
            if (known.size() < MAX_NAMES) {
                known.putIfAbsent(name, m);
            }
        }
        return m;
    }

    /** {@code .name}, or {@code ['name']} when the name is not a plain word. */
    private static String segment(String name) {
        return isPlain(name) ? "." + name : "['" + name.replace("'", "\\'") + "']";
    }

    private static boolean isPlain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c == '-' || Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }
}
