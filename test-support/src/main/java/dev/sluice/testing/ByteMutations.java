package dev.sluice.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded random breakage of bytes, with fragments that mean something to the receiver. */
public final class ByteMutations {
    private ByteMutations() {
    }

    /** One to four mutations (see {@link #mutateOnce}). */
    public static byte[] mutate(Random random, byte[] b, List<byte[]> fragments) {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutateOnce(random, b, fragments);
        }
        return b;
    }

    /** A byte changed, a fragment inserted, a range dropped or doubled, or the end cut off. */
    public static byte[] mutateOnce(Random random, byte[] b, List<byte[]> fragments) {
        int at = random.nextInt(b.length + 1);
        return switch (random.nextInt(6)) {
            case 0 -> {
                byte[] c = b.clone();
                if (c.length > 0) {
                    c[Math.min(at, c.length - 1)] = (byte) random.nextInt(256);
                }
                yield c;
            }
            case 1, 2 -> fragments.isEmpty() ? b : splice(b, at, 0, fragments.get(random.nextInt(fragments.size())));
            case 3 -> splice(b, at, Math.min(b.length - at, 1 + random.nextInt(32)), new byte[0]);
            case 4 -> splice(b, at, 0, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(256))));
            default -> Arrays.copyOf(b, at);
        };
    }

    /** {@code b} with {@code drop} bytes at {@code at} replaced by {@code piece}. */
    public static byte[] splice(byte[] b, int at, int drop, byte[] piece) {
        byte[] c = new byte[b.length - drop + piece.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(piece, 0, c, at, piece.length);
        System.arraycopy(b, at + drop, c, at + piece.length, b.length - at - drop);
        return c;
    }
}
