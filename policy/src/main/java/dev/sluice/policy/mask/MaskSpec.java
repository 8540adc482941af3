package dev.sluice.policy.mask;

import dev.sluice.matchers.ValueHasher;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mask as the policy states it: a style and, for {@link MaskStyle#FIXED}, a text in which
 * {@code {id}} stands for the detector id. {@link #forDetector} gives the mask for one
 * detector; fixed-text masks are made once per id and kept (ids are a bounded set).
 */
public final class MaskSpec {
    /** The fixed text used when the policy gives none. */
    public static final String DEFAULT_TEXT = "[REDACTED:{id}]";
    /** Longest fixed text accepted. */
    public static final int MAX_TEXT = 64;

    private final MaskStyle style;
    private final String text;
    private final Mask keyed;
    private final ConcurrentHashMap<String, Mask> fixedById = new ConcurrentHashMap<>();

    private MaskSpec(MaskStyle style, String text, ValueHasher hasher) {
        this.style = style;
        this.text = text;
        this.keyed = hasher == null ? null : new KeyedHashMask(hasher);
    }

    public static MaskSpec keepLast4() {
        return new MaskSpec(MaskStyle.KEEP_LAST_4, null, null);
    }

    /** A fixed text; {@code {id}} in it becomes the detector id. See {@link #textProblem}. */
    public static MaskSpec fixed(String text) {
        String t = text == null ? DEFAULT_TEXT : text;
        String problem = textProblem(t);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new MaskSpec(MaskStyle.FIXED, t, null);
    }

    public static MaskSpec keyedHash(ValueHasher hasher) {
        return new MaskSpec(MaskStyle.KEYED_HASH, null, Objects.requireNonNull(hasher, "hasher"));
    }

    /**
     * Why {@code text} cannot be a fixed replacement, or null: it must be 1 to {@value #MAX_TEXT}
     * printable ASCII characters without {@code "} or {@code \}, to be safe in any body.
     */
    public static String textProblem(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            return "a replacement must be 1 to " + MAX_TEXT + " characters";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return "a replacement must be printable ASCII without '\"' or '\\'";
            }
        }
        return null;
    }

    public Mask forDetector(String detectorId) {
        return switch (style) {
            case KEEP_LAST_4 -> KeepLastFourMask.INSTANCE;
            case KEYED_HASH -> keyed;
            case FIXED -> fixedById.computeIfAbsent(detectorId, id -> new FixedTextMask(text.replace("{id}", id)));
        };
    }

    public MaskStyle style() {
        return style;
    }

    /** The fixed text with its {@code {id}} placeholder, or null for other styles. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return style.label() + (text == null ? "" : " '" + text + "'");
    }
}
