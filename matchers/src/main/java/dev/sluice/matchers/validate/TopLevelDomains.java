package dev.sluice.matchers.validate;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Whether a label is a top-level domain: one the Public Suffix List that Guava ships names
 * ({@link InternetDomainName#isPublicSuffix}), which holds every TLD IANA delegates
 * ({@code com}, {@code photography}, {@code xn--p1ai} as {@code рф}) and no made-up one
 * ({@code handler}, {@code cluster}, {@code svc}). An e-mail address's domain must end in one.
 *
 * <p>Answers are cached by a 64-bit hash of the label, lower-cased: a label seen before costs a
 * hash and a few reads, no allocation. The cache is a fixed open-addressed table; labels that find
 * no free slot near their hash (a flood of made-up ones) are answered afresh each time. Thread-safe.
 */
final class TopLevelDomains {
    private static final int SLOTS = 4096;
    private static final int PROBES = 8;
    private static final byte[] PUNYCODE_PREFIX = Ascii.bytes("xn--");
    /** Entries: the label's hash with bit 0 holding the answer; 0 is an empty slot (bit 1 is always set). */
    private static final AtomicLongArray CACHE = new AtomicLongArray(SLOTS);

    private TopLevelDomains() {}

    /** True when the ASCII label {@code buf[off, off + n)} is a top-level domain, in any case. */
    static boolean contains(byte[] buf, int off, int n) {
        if (n < 2 || n > 63) {
            return false;
        }
        long key = hash(buf, off, n);
        int slot = (int) (key >>> 40) & (SLOTS - 1);
        for (int k = 0; k < PROBES; k++) {
            int i = (slot + k) & (SLOTS - 1);
            long e = CACHE.get(i);
            if (e == 0) {
                boolean answer = lookUp(buf, off, n);
                CACHE.compareAndSet(i, 0, key | (answer ? 1 : 0));
                return answer;
            }
            if ((e & ~1L) == key) {
                return (e & 1) != 0;
            }
        }
        return lookUp(buf, off, n);
    }

    private static boolean lookUp(byte[] buf, int off, int n) {
        String label = new String(buf, off, n, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        if (Ascii.regionMatchesIgnoreCase(buf, off, PUNYCODE_PREFIX)) {
            try {
                label = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return InternetDomainName.isValid(label) && InternetDomainName.from(label).isPublicSuffix();
    }

    /** FNV-1a over the lower-cased bytes, bit 0 cleared for the answer and bit 1 set so no key is 0. */
    private static long hash(byte[] buf, int off, int n) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            int b = buf[off + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return (h & ~1L) | 2L;
    }
}
