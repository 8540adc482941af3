package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ContinuationsTest {
    private static Detector detector(String id, Category category, int priority) {
        return Detector.builder(id).category(category).priority(priority)
                .pattern(new PatternSpec("x+", false, false, PatternSpec.Role.MATCH, PatternSpec.Trim.NONE)).build();
    }

    private static final Detector GENERIC = detector("generic_api_key", Category.SECRET, 10);
    private static final Detector JWT = detector("jwt", Category.SECRET, 50);
    private static final Detector SQLI = detector("attack.sqli", Category.ATTACK, 50);

    @Test
    void nothingIsRelatedBeforeTheSessionJoinsValues() {
        Continuations c = new Continuations();
        assertEquals(Continuations.Relation.NEW, c.relate(JWT, 10));
        assertEquals(Continuations.Relation.NEW, c.relate(JWT, 10), "nothing was remembered");
    }

    @Test
    void theSameDetectorAtTheSameStartIsTheFindingGrown() {
        Continuations c = new Continuations();
        c.enable();
        assertEquals(Continuations.Relation.NEW, c.relate(GENERIC, 10));
        assertEquals(Continuations.Relation.SUPERSEDES, c.relate(GENERIC, 10));
        assertSame(GENERIC, c.superseded());
        assertEquals(Continuations.Relation.NEW, c.relate(GENERIC, 11));
    }

    @Test
    void aDetectorThatOutranksTheEarlierOneSupersedesIt() {
        Continuations c = new Continuations();
        c.enable();
        c.relate(GENERIC, 10);
        assertEquals(Continuations.Relation.SUPERSEDES, c.relate(JWT, 10));
        assertSame(GENERIC, c.superseded());
        // Now the JWT stands there: a generic key growing on from it is the JWT again.
        assertEquals(Continuations.Relation.OUTRANKED, c.relate(GENERIC, 10));
        assertEquals(Continuations.Relation.SUPERSEDES, c.relate(JWT, 10));
        assertSame(JWT, c.superseded());
    }

    @Test
    void attacksOnlyMeetTheirOwnDetector() {
        Continuations c = new Continuations();
        c.enable();
        c.relate(GENERIC, 10);
        assertEquals(Continuations.Relation.NEW, c.relate(SQLI, 10));
        assertEquals(Continuations.Relation.SUPERSEDES, c.relate(SQLI, 10));
    }

    @Test
    void onlyTheLastFindingsAreRemembered() {
        Continuations c = new Continuations();
        c.enable();
        c.relate(JWT, 0);
        for (int i = 1; i <= Continuations.KEPT; i++) {
            c.relate(JWT, i);
        }
        assertEquals(Continuations.Relation.NEW, c.relate(JWT, 0));
    }
}
