package dev.sluice.matchers.attack;

import java.util.Arrays;

/**
 * Where earlier tags of one value read their attributes, so that a later tag whose attributes run
 * into the same reading jumps to its end instead of reading them again. In {@code <a <a <a …}
 * each {@code <a} is a tag whose attributes are the {@code <a}s after it: every tag read up to
 * {@link HtmlTagScanner#MAX_ATTRIBUTES} of them, 64 reads of every byte.
 *
 * <p>An attribute read starts at a position (the loop's top: before the white space that
 * separates attributes) and ends at the next. What it finds depends only on that position and
 * on the bytes up to where it stops, not on the tag it belongs to, so two tags that reach the same
 * position read the same attributes from there on. The chain holds the tops of consecutive reads
 * that found nothing and stopped short of their tag's scan limit; each tag's limit is at least
 * the one before (they go in order through the value), so such a read is the same under a later
 * tag's limit. Used only for tags in the value as written (not {@code <meta}, whose
 * {@code http-equiv} counts, nor a breakout after a quote): one kind of read per chain.
 */
final class AttributeChain {
    /** tops[k] to tops[k + 1] is one read that found nothing; the last top has no known read. */
    private int[] tops = new int[16];
    /** Tops before this index lie before the tag being read, which cannot reach them. */
    private int first;
    private int size;
    /** The tops of the tag being read, while it has not joined the chain. */
    private int[] own = new int[16];
    private int ownSize;
    private boolean joined;

    /**
     * Starts the reading of the attributes of the tag at {@code lt}. Tops before it are let go:
     * every later tag starts further on, so what the chain holds lies within one tag's scan
     * limit of the latest tag (at most {@link HtmlTagScanner#MAX_TAG_SCAN} tops).
     */
    void beginTag(int lt) {
        while (first < size - 1 && tops[first] < lt) {
            first++;
        }
        if (first > 0 && first >= size / 2) {
            System.arraycopy(tops, first, tops, 0, size - first);
            size -= first;
            first = 0;
        }
        ownSize = 0;
        joined = false;
    }

    /**
     * The index of {@code top} in the chain when the tag being read may jump from it, else -1.
     * A tag that joined the chain is at its last top from then on.
     */
    int join(int top) {
        if (joined || size == 0 || top > tops[size - 1]) {
            return -1;
        }
        int k = Arrays.binarySearch(tops, first, size, top);
        if (k < 0) {
            return -1;
        }
        joined = true;
        return k;
    }

    /** How many reads lie between the chain's {@code k}-th top and its last. */
    int readsFrom(int k) {
        return size - 1 - k;
    }

    int lastTop() {
        return tops[size - 1];
    }

    /** The tops held, a later tag's reach at most. */
    int held() {
        return size - first;
    }

    /** One read from {@code from} to {@code to} found nothing and stopped short of the tag's limit. */
    void read(int from, int to) {
        if (joined) {
            tops = append(tops, size++, to);
            return;
        }
        if (ownSize == 0) {
            own = append(own, ownSize++, from);
        }
        own = append(own, ownSize++, to);
    }

    /**
     * Ends the tag: a tag that did not join the chain leaves its own reads as the chain when they
     * reach further, since later tags start further on.
     */
    void endTag() {
        if (!joined && ownSize > 0 && (size == 0 || own[ownSize - 1] > tops[size - 1])) {
            int[] t = tops;
            tops = own;
            own = t;
            first = 0;
            size = ownSize;
        }
        ownSize = 0;
    }

    private static int[] append(int[] a, int at, int v) {
        int[] out = at < a.length ? a : Arrays.copyOf(a, a.length * 2);
        out[at] = v;
        return out;
    }
}
