package dev.sluice.inspector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingEditsTest {

    private static List<String> drain(PendingEdits edits) {
        List<String> out = new ArrayList<>();
        for (PendingEdits.Edit e; (e = edits.first()) != null; edits.removeFirst()) {
            out.add(e.start() + ".." + e.end() + "=" + new String(e.replacement(), StandardCharsets.US_ASCII));
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void editsStayOrderedAndApart() {
        PendingEdits edits = new PendingEdits();
        edits.add(20, 24, ascii("[X]"));
        edits.add(5, 8, ascii("[Y]"));
        assertEquals(List.of("5..8=[Y]", "20..24=[X]"), drain(edits));
    }

    /** The parts of one finding across joined values, masked once per piece it grew by: stars over the union. */
    @Test
    void starEditsThatOverlapBecomeStarsOverTheirUnion() {
        PendingEdits edits = new PendingEdits();
        edits.add(10, 14, Replacements.stars(4));
        edits.add(10, 18, Replacements.stars(8));
        edits.add(16, 22, Replacements.stars(6));
        assertEquals(List.of("10..22=************"), drain(edits));
    }

    /** A mask that is not one star per byte still wins by width, as before: no byte of either value survives. */
    @Test
    void aMaskOfItsOwnOverlappingStarsKeepsTheWiderReplacement() {
        PendingEdits edits = new PendingEdits();
        edits.add(10, 20, ascii("[X]"));
        edits.add(12, 15, Replacements.stars(3));
        assertEquals(List.of("10..20=[X]"), drain(edits));
    }
}
