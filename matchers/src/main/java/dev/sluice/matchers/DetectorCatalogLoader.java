package dev.sluice.matchers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.matchers.attack.AttackValidators;
import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads detector definitions from YAML: the built-in catalog and users' custom detectors.
 * The tree is mapped by hand (no reflective binding) so every mistake gets a message that
 * names the detector and the field.
 *
 * <pre>{@code
 * detectors:
 *   - id: acme_employee_id          # lower case, digits, '_' ; optional "prefix."
 *     category: pii                 # pii | secret | attack
 *     priority: 40                  # higher wins on overlap (default 10)
 *     value: pattern                # pattern | whole | block (default pattern)
 *     directions: [request, response]
 *     max_length: 64
 *     patterns:
 *       - regex: 'EMP-[0-9]{6}'     # Hyperscan syntax
 *         caseless: false
 *         context: required         # only under a context key / keyword
 *         start: {first: 'A-Z', run: 'A-Z0-9', stop: '-'}   # optional, see StartWalk;
 *                                   # {stop: '+'} alone: the match opens with the stop
 *     validators: [word_boundary]   # names from Validators
 *     context:
 *       keys: {equals: [emp], contains: [employee], ends_with: [], exclude: [manager], exclude_last_word: [id]}
 *       keywords: ['employee']
 *       proximity: 48
 *       same_line: true
 *       same_object: false          # a keyword in an earlier member of the object counts too
 * }</pre>
 */
public final class DetectorCatalogLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> DETECTOR_FIELDS = Set.of("id", "category", "priority", "value", "directions",
            "max_length", "patterns", "validators", "context", "description");
    private static final Set<String> PATTERN_FIELDS = Set.of("regex", "caseless", "context", "role", "trim", "start");
    private static final Set<String> START_FIELDS = Set.of("first", "run", "stop");
    private static final Set<String> CONTEXT_FIELDS = Set.of("keys", "keywords", "proximity", "same_line",
            "same_object");
    private static final Set<String> KEY_FIELDS = Set.of("equals", "contains", "ends_with", "exclude", "exclude_last_word");

    private final Function<String, ByteValidator> validators;

    private DetectorCatalogLoader(Function<String, ByteValidator> validators) {
        this.validators = validators;
    }

    /** A loader that resolves validator names with {@code resolver} (which throws on unknown names). */
    public static DetectorCatalogLoader withValidators(Function<String, ByteValidator> resolver) {
        return new DetectorCatalogLoader(resolver);
    }

    /** A loader that knows every built-in validator, leak and attack. */
    public static DetectorCatalogLoader withBuiltinValidators() {
        Map<String, ByteValidator> attacks = AttackValidators.all();
        return new DetectorCatalogLoader(name -> {
            ByteValidator v = attacks.get(name);
            return v != null ? v : Validators.named(name);
        });
    }

    /** The built-in catalog: {@code leaks.yaml} then {@code attacks.yaml}. */
    public DetectorCatalog loadBuiltin() {
        List<Detector> all = new ArrayList<>(loadResource("leaks.yaml"));
        all.addAll(loadResource("attacks.yaml"));
        return DetectorCatalog.of(all);
    }

    /** Detectors from a YAML document (a {@code detectors:} list). */
    public List<Detector> load(InputStream yaml, String source) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return parse(root == null ? null : root.get("detectors"), source);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Detectors from an already parsed {@code detectors:} list node (a configuration section). */
    public List<Detector> parse(JsonNode list, String source) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(source + ": 'detectors' must be a list");
        }
        List<Detector> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            String where = source + ": detectors[" + i++ + "]";
            if (!n.isObject()) {
                throw new IllegalArgumentException(where + " must be a mapping");
            }
            String id = text(n, "id", where, null);
            if (id == null) {
                throw new IllegalArgumentException(where + ": 'id' is required");
            }
            out.add(parseDetector(n, source + ": detector '" + id + "'", id));
        }
        return out;
    }

    private List<Detector> loadResource(String name) {
        try (InputStream in = DetectorCatalogLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in resource " + name);
            }
            return load(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Detector parseDetector(JsonNode n, String where, String id) {
        unknownFields(n, DETECTOR_FIELDS, where);
        Detector.Builder b;
        try {
            b = Detector.builder(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        String category = text(n, "category", where, null);
        if (category == null) {
            throw new IllegalArgumentException(where + ": 'category' is required (pii, secret or attack)");
        }
        try {
            b.category(Category.fromLabel(category));
            if (n.has("priority")) {
                b.priority(integer(n, "priority", where));
            }
            b.valueMode(switch (text(n, "value", where, "pattern").toLowerCase(Locale.ROOT)) {
                case "pattern" -> ValueMode.PATTERN;
                case "whole" -> ValueMode.WHOLE;
                case "block" -> ValueMode.BLOCK;
                default -> throw new IllegalArgumentException("'value' must be pattern, whole or block");
            });
            if (n.has("directions")) {
                Set<Direction> dirs = EnumSet.noneOf(Direction.class);
                for (String d : strings(n, "directions", where)) {
                    dirs.add(Direction.fromLabel(d));
                }
                b.directions(dirs);
            }
            if (n.has("max_length")) {
                b.maxLength(integer(n, "max_length", where));
            }
            JsonNode pats = n.get("patterns");
            if (pats != null) {
                if (!pats.isArray()) {
                    throw new IllegalArgumentException("'patterns' must be a list");
                }
                int i = 0;
                for (JsonNode p : pats) {
                    b.pattern(parsePattern(p, where + " patterns[" + i++ + "]"));
                }
            }
            for (String v : strings(n, "validators", where)) {
                b.validator(v, resolve(v));
            }
            if (n.has("context")) {
                b.context(parseContext(n.get("context"), where + " context"));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** A validator name, or alternatives {@code a|b} of which one must pass. */
    private ByteValidator resolve(String spec) {
        if (spec.indexOf('|') < 0) {
            return validators.apply(spec.strip());
        }
        ByteValidator any = null;
        for (String alt : spec.split("\\|")) {
            ByteValidator v = validators.apply(alt.strip());
            ByteValidator prev = any;
            any = prev == null ? v : c -> prev.test(c) || v.test(c);
        }
        return any;
    }

    private static PatternSpec parsePattern(JsonNode p, String where) {
        if (p.isTextual()) {
            return new PatternSpec(p.asText(), false, false, PatternSpec.Role.MATCH, PatternSpec.Trim.NONE);
        }
        unknownFields(p, PATTERN_FIELDS, where);
        String regex = text(p, "regex", where, null);
        if (regex == null) {
            throw new IllegalArgumentException(where + ": 'regex' is required");
        }
        boolean caseless = p.path("caseless").asBoolean(false);
        String ctx = text(p, "context", where, "none");
        boolean needs = switch (ctx) {
            case "none" -> false;
            case "required" -> true;
            default -> throw new IllegalArgumentException(where + ": 'context' must be none or required");
        };
        PatternSpec.Role role = switch (text(p, "role", where, "match")) {
            case "match" -> PatternSpec.Role.MATCH;
            case "begin" -> PatternSpec.Role.BEGIN;
            case "end" -> PatternSpec.Role.END;
            default -> throw new IllegalArgumentException(where + ": 'role' must be match, begin or end");
        };
        return new PatternSpec(regex, caseless, needs, role, parseTrim(p.path("trim"), where),
                parseStart(p.path("start"), where));
    }

    /**
     * {@code trim: true} (a delimiter byte at each end), {@code trim: end} (one after the end),
     * {@code trim: end2} (two after the end), or absent.
     */
    private static PatternSpec.Trim parseTrim(JsonNode t, String where) {
        if (t.isMissingNode() || t.isBoolean() && !t.booleanValue()) {
            return PatternSpec.Trim.NONE;
        }
        if (t.isBoolean() || "both".equals(t.asText())) {
            return PatternSpec.Trim.BOTH;
        }
        if ("end".equals(t.asText())) {
            return PatternSpec.Trim.END;
        }
        if ("end2".equals(t.asText())) {
            return PatternSpec.Trim.END_TWO;
        }
        throw new IllegalArgumentException(where + ": 'trim' must be true, false, both, end or end2");
    }

    private static StartWalk parseStart(JsonNode s, String where) {
        if (s.isMissingNode()) {
            return null;
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException(where + " start must be a mapping");
        }
        unknownFields(s, START_FIELDS, where + " start");
        String stop = text(s, "stop", where + " start", null);
        String first = text(s, "first", where + " start", null);
        String run = text(s, "run", where + " start", null);
        if (stop == null || (first == null) != (run == null)) {
            throw new IllegalArgumentException(where + " start needs 'stop', and 'first' and 'run' together or neither");
        }
        try {
            return first == null ? StartWalk.atStop(stop) : StartWalk.of(first, run, stop);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static ContextRule parseContext(JsonNode c, String where) {
        if (!c.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        unknownFields(c, CONTEXT_FIELDS, where);
        JsonNode keys = c.path("keys");
        if (!keys.isMissingNode()) {
            unknownFields(keys, KEY_FIELDS, where + " keys");
        }
        return new ContextRule(strings(keys, "equals", where), strings(keys, "contains", where),
                strings(keys, "ends_with", where), strings(keys, "exclude", where), strings(keys, "exclude_last_word", where),
                strings(c, "keywords", where), c.has("proximity") ? integer(c, "proximity", where) : 48,
                c.path("same_line").asBoolean(true), c.path("same_object").asBoolean(false));
    }

    private static void unknownFields(JsonNode n, Set<String> known, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode n, String field, String where, String dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a scalar");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be an integer");
        }
        return v.intValue();
    }

    private static List<String> strings(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return List.of();
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isValueNode()) {
                throw new IllegalArgumentException(where + ": '" + field + "' must be a list of strings");
            }
            out.add(x.asText());
        }
        return out;
    }
}
