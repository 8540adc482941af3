package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
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
        Random r = new Random(seed);
        byte[] input = new byte[200 + r.nextInt(2000)];
        r.nextBytes(input);
        UnsentInput unsent = new UnsentInput(1 << 20);
        ReleasedBytes released = new ReleasedBytes(1 << 20);
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        int in = 0;
        int out = 0;
        int abandonAt = r.nextInt(input.length);
        while (in < input.length) {
            byte[] chunk = Arrays.copyOfRange(input, in, Math.min(input.length, in + 1 + r.nextInt(120)));
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
        UnsentInput unsent = new UnsentInput(1 << 20);
        ReleasedBytes released = new ReleasedBytes(1 << 20);
        byte[] changed = chunk.clone();
        changed[r.nextInt(changed.length)] ^= 1;
        released.write(changed, 0, changed.length);
        assertArrayEquals(changed, unsent.answer(chunk, released));
        assertFalse(unsent.verbatim());
    }
}
