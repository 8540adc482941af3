package dev.sluice.policy.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link Node} tree that keeps every node's and key's line and
 * column. Aliases end reading (a policy has no need for them, and they are how YAML bombs
 * grow); duplicate keys are reported; nesting deeper than {@value #MAX_DEPTH} ends reading. Problems that do not
 * stop reading go to {@link Problems}; a syntax error stops it and is reported at its location.
 */
final class TreeReader {
    static final int MAX_DEPTH = 32;
    static final int MAX_NODES = 100_000;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
            .build();

    private final Problems problems;
    private int nodes;

    private TreeReader(Problems problems) {
        this.problems = problems;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(0);
        o.setCodePointLimit(PolicyLoader.MAX_FILE_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH + 1);
        return o;
    }

    /** The root of the first document of {@code text}, or null (with a problem recorded). */
    static Node read(String text, Problems problems) {
        try (JsonParser p = YAML.createParser(text)) {
            TreeReader r = new TreeReader(problems);
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(1, 1, "the policy is empty");
                return null;
            }
            Node root = r.value(p, t, 0);
            if (root != null && p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                problems.add(line(at), column(at), "a policy file holds one YAML document; this one starts a second");
            }
            return root;
        } catch (StopReading e) {
            return null;
        } catch (JsonProcessingException e) {
            MarkedYAMLException marked = marked(e);
            if (marked != null && marked.getProblemMark() != null) {
                problems.add(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1,
                        "YAML syntax: " + problem(marked));
            } else {
                JsonLocation at = e.getLocation();
                problems.add(at == null ? 1 : line(at), at == null ? 1 : column(at), "YAML syntax: " + firstLine(e));
            }
            return null;
        } catch (IOException e) {
            problems.add(1, 1, "cannot read YAML: " + e.getClass().getSimpleName());
            return null;
        } catch (RuntimeException e) {
            // SnakeYAML reports some limits (code points, nesting) as unchecked exceptions.
            problems.add(1, 1, "YAML: " + firstLine(e));
            return null;
        }
    }

    private Node value(JsonParser p, JsonToken t, int depth) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = line(at);
        int col = column(at);
        if (++nodes > MAX_NODES) {
            problems.add(line, col, "the policy has more than " + MAX_NODES + " YAML nodes");
            throw new StopReading();
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            // Fatal: whatever the alias stood for is missing, and every error after would be a consequence.
            problems.add(line, col, "YAML aliases (*" + y.getText() + ") are not supported in a policy; repeat the value");
            throw new StopReading();
        }
        if (depth > MAX_DEPTH) {
            problems.add(line, col, "nesting deeper than " + MAX_DEPTH + " levels");
            throw new StopReading();
        }
        return switch (t) {
            case START_OBJECT -> mapping(p, line, col, depth);
            case START_ARRAY -> list(p, line, col, depth);
            case VALUE_STRING -> new Node.Scalar(line, col, p.getText(), Node.Scalar.Type.STRING);
            case VALUE_NUMBER_INT -> new Node.Scalar(line, col, p.getText(), Node.Scalar.Type.INTEGER);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(line, col, p.getText(), Node.Scalar.Type.FLOAT);
            case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(line, col, p.getText(), Node.Scalar.Type.BOOLEAN);
            case VALUE_NULL -> new Node.Scalar(line, col, null, Node.Scalar.Type.NULL);
            default -> new Node.Scalar(line, col, p.getText(), Node.Scalar.Type.STRING);
        };
    }

    private Node mapping(JsonParser p, int line, int col, int depth) throws IOException {
        Map<String, Node.Field> fields = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            JsonLocation at = p.currentTokenLocation();
            String key = p.currentName();
            Node v = value(p, p.nextToken(), depth + 1);
            Node.Field prior = fields.get(key);
            if (prior != null) {
                problems.add(line(at), column(at), "duplicate key '" + key + "' (first at line " + prior.line() + ")");
            } else {
                fields.put(key, new Node.Field(key, line(at), column(at), v));
            }
        }
        return new Node.MapNode(line, col, fields);
    }

    private Node list(JsonParser p, int line, int col, int depth) throws IOException {
        List<Node> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            items.add(value(p, t, depth + 1));
        }
        return new Node.ListNode(line, col, items);
    }

    private static int line(JsonLocation at) {
        return Math.max(1, at.getLineNr());
    }

    private static int column(JsonLocation at) {
        return Math.max(1, at.getColumnNr());
    }

    private static MarkedYAMLException marked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    /** "expected <block end>, but found '-' (while parsing a block mapping)", without the excerpts. */
    private static String problem(MarkedYAMLException m) {
        String problem = m.getProblem() == null ? "malformed YAML" : m.getProblem().strip();
        return m.getContext() == null ? problem : problem + " (" + m.getContext().strip() + ")";
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        String[] lines = m.strip().split("\n");
        // SnakeYAML puts its context first ("while parsing ...") and the problem after the excerpt.
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("in ") && !l.equals("^") && !l.startsWith("at [")) {
                return l;
            }
        }
        return lines[0].strip();
    }

    /** Thrown inside the reader when a limit ends reading; the problem is already recorded. */
    static final class StopReading extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopReading() {
            super(null, null, false, false);
        }
    }
}
