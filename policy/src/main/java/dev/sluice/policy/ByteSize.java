package dev.sluice.policy;

/**
 * Reads a size: a whole number of bytes ({@code 1048576}, {@code 1_048_576}) or a number with a
 * unit: {@code KiB}, {@code MiB}, {@code GiB} (powers of 1024) or {@code KB}, {@code MB},
 * {@code GB} (powers of 1000), case-insensitive, with or without a space ({@code 32MiB},
 * {@code 4 MB}). Shared by the policy's per-route limits and the process configuration, so both
 * read and print sizes alike.
 */
public final class ByteSize {
    private ByteSize() {
    }

    /**
     * The size {@code text} names, between {@code min} and {@code max} bytes.
     *
     * @throws IllegalArgumentException saying what is wrong, without the text's surroundings
     */
    public static long parse(String text, long min, long max) {
        String s = text.strip().replace("_", "");
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 15) {
            throw new IllegalArgumentException("must be a size such as 1048576, 64KiB, 32MiB or 1GiB, not '" + text.strip() + "'");
        }
        long n = Long.parseLong(s.substring(0, i));
        long unit = switch (s.substring(i).strip().toLowerCase(java.util.Locale.ROOT)) {
            case "", "b" -> 1;
            case "kib", "k" -> 1L << 10;
            case "mib", "m" -> 1L << 20;
            case "gib", "g" -> 1L << 30;
            case "kb" -> 1_000;
            case "mb" -> 1_000_000;
            case "gb" -> 1_000_000_000;
            default -> throw new IllegalArgumentException("unknown size unit '" + s.substring(i).strip()
                    + "' (expected KiB, MiB, GiB, KB, MB or GB)");
        };
        if (n > max / unit || n * unit < min) {
            throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max) + ", not "
                    + text.strip());
        }
        return n * unit;
    }

    /** The largest exact binary unit: {@code 32MiB}, {@code 1000} bytes as {@code 1000}. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return Long.toString(bytes);
    }
}
