package dev.sluice.matchers.attack;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.ScanSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The real engine on request values: the builtin catalog in STREAMING mode, each value fed as
 * one request value in 16 KiB chunks, as a parser would. Returns the attack ids it reports.
 */
final class EngineAttacks {
    private static final int CHUNK = 16 * 1024;
    private static MatchEngine engine;

    private EngineAttacks() {
    }

    static synchronized MatchEngine engine() {
        if (engine == null) {
            engine = MatchEngine.builtin();
        }
        return engine;
    }

    /** Attack ids found in {@code value} when it arrives as one request value. */
    static List<String> detect(byte[] value) {
        return detect(value, null);
    }

    /** Attack ids found in {@code value} when it arrives as one request value under {@code key}. */
    static List<String> detect(byte[] value, String key) {
        List<String> ids = new ArrayList<>();
        ScanSession s = engine().newSession(Direction.REQUEST, m -> {
            if (m.detector().category() == Category.ATTACK && !ids.contains(m.detector().id())) {
                ids.add(m.detector().id());
            }
        });
        s.beginValue(new FieldContext().key(key));
        for (int off = 0; off < value.length; off += CHUNK) {
            s.verbatim(value, off, Math.min(CHUNK, value.length - off), off);
            s.flush();
        }
        s.endValue();
        s.close();
        return ids;
    }
}
