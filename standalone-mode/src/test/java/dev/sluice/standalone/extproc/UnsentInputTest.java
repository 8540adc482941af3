package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.HeldMemory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rewriting that only holds bytes back (releasing a prefix of what came so far) stays
 * verbatim: the answers plus {@link UnsentInput#rest} give back the input exactly, whatever
 * the chunking; the first changed byte ends it.
 */
class UnsentInputTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void answersThenTheRestAreTheInput(long seed) {
        assertAnswersThenTheRestAreTheInput(seed, 200 + new Random(seed).nextInt(2000), 120);
    }

    /** Bodies that keep more than a buffer's first size, so the kept window moves down and grows. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24})
    void longHeldRunsStayExact(long seed) {
        assertAnswersThenTheRestAreTheInput(seed, 300_000, 20_000);
    }

    @Test
    void keptBytesAreChargedAndGivenBackWhenDiscarded() {
        HeldMemory memory = HeldMemory.of(1 << 20);
        UnsentInput unsent = new UnsentInput(1 << 20, memory);
        ReleasedBytes released = new ReleasedBytes(1 << 20);
        byte[] chunk = new byte[200_000]; // nothing released: all of it is kept
        assertArrayEquals(new byte[0], unsent.answer(chunk, released));
        assertTrue(unsent.verbatim());
        assertEquals(chunk.length, unsent.size());
        assertTrue(memory.charged() > 0, memory.toString());
        unsent.discard();
        assertEquals(0, memory.charged());
    }

    @Test
    void withoutRoomInTheProcessTheCopyStopsAndKeepsNothing() {
        HeldMemory memory = HeldMemory.of(16 * 1024);
        UnsentInput unsent = new UnsentInput(1 << 20, memory);
        ReleasedBytes released = new ReleasedBytes(1 << 20);
        assertArrayEquals(new byte[0], unsent.answer(new byte[40_000], released));
        assertTrue(unsent.verbatim()); // within what a holder keeps uncharged
        assertArrayEquals(new byte[0], unsent.answer(new byte[100_000], released));
        assertFalse(unsent.verbatim());
        assertEquals(0, unsent.size());
        assertEquals(0, memory.charged());
        assertEquals(1, memory.refusals());
    }

    private static void assertAnswersThenTheRestAreTheInput(long seed, int size, int maxChunk) {
        Random r = new Random(seed);
        byte[] input = new byte[size];
        r.nextBytes(input);
        UnsentInput unsent = new UnsentInput(1 << 20, HeldMemory.unbounded());
        ReleasedBytes released = new ReleasedBytes(1 << 20);
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        int in = 0;
        int out = 0;
        int abandonAt = r.nextInt(input.length);
        while (in < input.length) {
            byte[] chunk = Arrays.copyOfRange(input, in, Math.min(input.length, in + 1 + r.nextInt(maxChunk)));
            in += chunk.length;
            if (in > abandonAt) {
                answered.writeBytes(unsent.rest(chunk));
                answered.write(input, in, input.length - in);
                break;
            }
            int upTo = out + r.nextInt(in - out + 1); // the rewriting releases a prefix, holding the rest back
            released.write(input, out, upTo - out);
            out = upTo;
            byte[] a = unsent.answer(chunk, released);
            answered.writeBytes(a == null ? chunk : a);
            assertTrue(unsent.verbatim());
        }
        assertArrayEquals(input, answered.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void aChangedByteEndsTheCopy(long seed) {
        Random r = new Random(seed);
        byte[] chunk = new byte[64];
        r.nextBytes(chunk);
        UnsentInput unsent = new UnsentInput(1 << 20, HeldMemory.unbounded());
        ReleasedBytes released = new ReleasedBytes(1 << 20);
        byte[] changed = chunk.clone();
        changed[r.nextInt(changed.length)] ^= 1;
        released.write(changed, 0, changed.length);
        assertArrayEquals(changed, unsent.answer(chunk, released));
        assertFalse(unsent.verbatim());
    }
}
