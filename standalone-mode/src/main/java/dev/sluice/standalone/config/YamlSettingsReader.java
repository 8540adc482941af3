package dev.sluice.standalone.config;

import dev.sluice.policy.yaml.Suggestions;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the text of {@code sluice.yaml} into the values of its {@link Setting}s, each with the
 * line and column it was written at, straight from Jackson's YAML token stream: the file is a
 * fixed two-level shape (sections of settings), so no general tree is needed. Every unknown key,
 * duplicate key and wrongly shaped value is reported, with a hint for a misspelt key, and reading
 * goes on to find the next one; a YAML syntax error ends reading at its position.
 */
final class YamlSettingsReader {
    static final int MAX_TEXT_CHARS = 1 << 20;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_LIST_ITEMS = 1024;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /** A value as written: its text (or a list's items) and where. */
    record Written(List<String> values, int line, int column) {
    }

    private final String source;
    private final List<ConfigError> errors;
    private final Map<Setting, Written> out;
    private final Set<String> seen = new LinkedHashSet<>();

    private YamlSettingsReader(String source, List<ConfigError> errors, Map<Setting, Written> out) {
        this.source = source;
        this.errors = errors;
        this.out = out;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(0);
        o.setCodePointLimit(MAX_TEXT_CHARS);
        o.setNestingDepthLimit(MAX_DEPTH);
        return o;
    }

    /** Puts the settings {@code text} sets into {@code out} and its problems into {@code errors}. */
    static void read(String text, String source, List<ConfigError> errors, Map<Setting, Written> out) {
        YamlSettingsReader r = new YamlSettingsReader(source, errors, out);
        if (text.length() > MAX_TEXT_CHARS) {
            r.error(1, 1, "the file is larger than " + MAX_TEXT_CHARS + " characters");
            return;
        }
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) {
                return; // an empty file (or only comments): every setting keeps its default
            }
            if (t != JsonToken.START_OBJECT) {
                r.error(p, "sluice.yaml must be a mapping of sections and keys, not " + kind(t));
                return;
            }
            r.mapping(p, "");
            if (p.nextToken() != null) {
                r.error(p, "sluice.yaml holds one YAML document; this one starts a second");
            }
        } catch (JsonProcessingException e) {
            r.syntaxError(e);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some limits (code points, nesting) as unchecked exceptions.
            r.error(1, 1, "cannot read YAML: " + firstLine(e));
        }
    }

    /**
     * Reports a syntax error alone: what was read before it may be a misreading of the broken
     * part (a key swallowed by an unclosed list), so those errors and values are dropped.
     */
    private void syntaxError(JsonProcessingException e) {
        errors.removeIf(err -> err.source().equals(source));
        out.clear();
        MarkedYAMLException marked = null;
        for (Throwable t = e; t != null && marked == null; t = t.getCause()) {
            marked = t instanceof MarkedYAMLException m && m.getProblemMark() != null ? m : null;
        }
        if (marked != null) {
            String problem = marked.getProblem() == null ? "malformed YAML" : marked.getProblem().strip();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext().strip() + ")";
            error(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1,
                    "YAML syntax: " + problem + context);
        } else {
            JsonLocation at = e.getLocation();
            error(at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr(), "YAML syntax: " + firstLine(e));
        }
    }

    /** The fields of a mapping whose START_OBJECT is the current token; {@code prefix} is "" or "section.". */
    private void mapping(JsonParser p, String prefix) throws IOException {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            JsonLocation keyAt = p.currentTokenLocation();
            String key = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (!seen.add(key)) {
                error(keyAt, "duplicate key '" + key + "'");
                p.skipChildren();
                continue;
            }
            Setting s = Setting.byKey(key);
            if (s != null) {
                setting(p, s, value);
            } else if (prefix.isEmpty() && isSection(key)) {
                if (value == JsonToken.START_OBJECT) {
                    mapping(p, key + ".");
                } else if (value != JsonToken.VALUE_NULL) {
                    error(p, "'" + key + "' must be a mapping of its keys (" + String.join(", ", keysOf(key + "."))
                            + "), not " + kind(value));
                    p.skipChildren();
                }
            } else {
                error(keyAt, "unknown key '" + key + "'" + hint(key, prefix));
                p.skipChildren();
            }
        }
    }

    private void setting(JsonParser p, Setting s, JsonToken t) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        List<String> values = new ArrayList<>();
        if (t == JsonToken.START_ARRAY && s.isList()) {
            boolean bad = false;
            for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                if (bad) {
                    p.skipChildren(); // the rest of a list already reported: read past it to the list's end
                } else if (!isScalar(item) || item == JsonToken.VALUE_NULL) {
                    error(p, s.key() + " entries must be single values, not " + kind(item));
                    p.skipChildren();
                    bad = true;
                } else if (values.size() == MAX_LIST_ITEMS) {
                    error(p, s.key() + " has more than " + MAX_LIST_ITEMS + " entries");
                    bad = true;
                } else {
                    values.add(p.getText().strip());
                }
            }
            if (bad) {
                return;
            }
        } else if (isScalar(t) && t != JsonToken.VALUE_NULL) {
            String text = p.getText();
            if (s.isList()) {
                values.addAll(Setting.splitList(text));
            } else {
                values.add(text);
            }
        } else {
            error(at, s.key() + " must be " + (s.isList() ? "a list or a single value" : "a single value") + ", not "
                    + kind(t));
            p.skipChildren();
            return;
        }
        out.put(s, new Written(values, line(at), column(at)));
    }

    /** The nearest key at this level, or the section a key of another level belongs in. */
    private static String hint(String key, String prefix) {
        if (Setting.RETIRED.containsKey(key)) {
            return ": it was retired, " + Setting.RETIRED.get(key);
        }
        String near = Suggestions.didYouMean(key, knownKeys(prefix));
        if (!near.isEmpty()) {
            return near;
        }
        String leaf = key.substring(prefix.length());
        for (Setting s : Setting.values()) {
            if (s.key().endsWith("." + leaf) || s.key().equals(leaf)) {
                return ", did you mean '" + s.key() + "'?";
            }
        }
        return "";
    }

    private static boolean isScalar(JsonToken t) {
        return t != null && t.isScalarValue();
    }

    private static boolean isSection(String name) {
        return !keysOf(name + ".").isEmpty();
    }

    /** The short names of the keys under {@code prefix}. */
    private static List<String> keysOf(String prefix) {
        List<String> out = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (s.key().startsWith(prefix)) {
                out.add(s.key().substring(prefix.length()));
            }
        }
        return out;
    }

    /** Full names of what may be written at this level: settings, and sections at the top. */
    private static Set<String> knownKeys(String prefix) {
        Set<String> out = new LinkedHashSet<>();
        for (Setting s : Setting.values()) {
            if (s.key().startsWith(prefix)) {
                String rest = s.key().substring(prefix.length());
                int dot = rest.indexOf('.');
                out.add(prefix + (dot < 0 ? rest : rest.substring(0, dot)));
            }
        }
        return out;
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "empty";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "a string";
        };
    }

    private void error(JsonParser p, String message) {
        error(p.currentTokenLocation(), message);
    }

    private void error(JsonLocation at, String message) {
        error(line(at), column(at), message);
    }

    private void error(int line, int column, String message) {
        errors.add(new ConfigError(source, Math.max(1, line), Math.max(1, column), message));
    }

    private static int line(JsonLocation at) {
        return Math.max(1, at.getLineNr());
    }

    private static int column(JsonLocation at) {
        return Math.max(1, at.getColumnNr());
    }

    /** The problem, without SnakeYAML's excerpt of the file. */
    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String first = m.strip().lines().findFirst().orElse("").strip();
        return first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }
}
