package dev.sluice.matchers;

import dev.sluice.matchers.validate.ByteValidator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One thing Sluice can find: an id from TAXONOMY.md (or {@code attack.*}, or a user's own),
 * its category, the Hyperscan patterns that produce candidates, the validators that confirm
 * them and the context that some of them need. Immutable; built with {@link #builder(String)}
 * at load time, where every argument is checked, so scanning never meets a bad detector.
 */
public final class Detector {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?");

    private final String id;
    private final Category category;
    private final int priority;
    private final ValueMode valueMode;
    private final Set<Direction> directions;
    private final List<PatternSpec> patterns;
    private final List<String> validatorNames;
    private final ByteValidator validator;
    private final ContextRule context;
    private final int maxLength;

    private Detector(Builder b) {
        this.id = b.id;
        this.category = b.category;
        this.priority = b.priority;
        this.valueMode = b.valueMode;
        this.directions = Set.copyOf(b.directions);
        this.patterns = List.copyOf(b.patterns);
        this.validatorNames = List.copyOf(b.validatorNames);
        this.validator = b.validator;
        this.context = b.context;
        this.maxLength = b.maxLength;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public Category category() {
        return category;
    }

    /** Higher wins when two findings of the same category overlap (most specific id first). */
    public int priority() {
        return priority;
    }

    public ValueMode valueMode() {
        return valueMode;
    }

    public Set<Direction> directions() {
        return directions;
    }

    public boolean inspects(Direction d) {
        return directions.contains(d);
    }

    public List<PatternSpec> patterns() {
        return patterns;
    }

    public List<String> validatorNames() {
        return validatorNames;
    }

    /** All validators combined; passes everything when the detector has none. */
    public ByteValidator validator() {
        return validator;
    }

    /** The context rule, or null when the detector needs none. */
    public ContextRule context() {
        return context;
    }

    /** Longest candidate considered, in decoded bytes. */
    public int maxLength() {
        return maxLength;
    }

    @Override
    public String toString() {
        return "Detector[" + id + ", " + category.label() + ", " + valueMode + "]";
    }

    /** Validating builder; {@link #build()} checks that the parts fit together. */
    public static final class Builder {
        private final String id;
        private Category category;
        private int priority = 10;
        private ValueMode valueMode = ValueMode.PATTERN;
        private final Set<Direction> directions = EnumSet.allOf(Direction.class);
        private final List<PatternSpec> patterns = new ArrayList<>();
        private final List<String> validatorNames = new ArrayList<>();
        private ByteValidator validator = c -> true;
        private ContextRule context;
        private int maxLength = 1024;

        private Builder(String id) {
            Objects.requireNonNull(id, "id");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("detector id '" + id
                        + "' must be lower case letters, digits and '_', optionally 'prefix.name'");
            }
            this.id = id;
        }

        public Builder category(Category category) {
            this.category = Objects.requireNonNull(category, "category");
            return this;
        }

        public Builder priority(int priority) {
            if (priority < 0 || priority > 1000) {
                throw new IllegalArgumentException(id + ": priority must be in 0..1000, got " + priority);
            }
            this.priority = priority;
            return this;
        }

        public Builder valueMode(ValueMode mode) {
            this.valueMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder directions(Set<Direction> dirs) {
            if (dirs.isEmpty()) {
                throw new IllegalArgumentException(id + ": directions must not be empty");
            }
            directions.clear();
            directions.addAll(dirs);
            return this;
        }

        public Builder pattern(PatternSpec p) {
            patterns.add(Objects.requireNonNull(p, "pattern"));
            return this;
        }

        /** Adds a validator; {@code name} is what configuration called it, for error messages. */
        public Builder validator(String name, ByteValidator v) {
            Objects.requireNonNull(v, "validator");
            validatorNames.add(name);
            ByteValidator prev = validator;
            validator = validatorNames.size() == 1 ? v : prev.and(v);
            return this;
        }

        public Builder context(ContextRule rule) {
            this.context = rule;
            return this;
        }

        public Builder maxLength(int maxLength) {
            if (maxLength < 1 || maxLength > 65536) {
                throw new IllegalArgumentException(id + ": max_length must be in 1..65536, got " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        public Detector build() {
            if (category == null) {
                throw new IllegalArgumentException(id + ": category is required");
            }
            boolean keyed = context != null && context.hasKeyRules();
            switch (valueMode) {
                case PATTERN -> {
                    if (patterns.stream().noneMatch(p -> p.role() == PatternSpec.Role.MATCH)) {
                        throw new IllegalArgumentException(id + ": a pattern detector needs at least one pattern");
                    }
                }
                case WHOLE -> {
                    if (!keyed && patterns.isEmpty()) {
                        throw new IllegalArgumentException(id + ": a whole-value detector needs context keys or trigger patterns");
                    }
                }
                case BLOCK -> {
                    boolean begin = patterns.stream().anyMatch(p -> p.role() == PatternSpec.Role.BEGIN);
                    boolean end = patterns.stream().anyMatch(p -> p.role() == PatternSpec.Role.END);
                    if (!begin || !end) {
                        throw new IllegalArgumentException(id + ": a block detector needs a begin and an end pattern");
                    }
                }
            }
            if (patterns.stream().anyMatch(PatternSpec::needsContext) && context == null) {
                throw new IllegalArgumentException(id + ": a pattern needs context but the detector has no context rule");
            }
            return new Detector(this);
        }
    }
}
