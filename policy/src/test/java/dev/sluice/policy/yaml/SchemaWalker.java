package dev.sluice.policy.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks a policy tree against the structure the JSON Schema declares: every key must be a
 * declared property (or allowed by {@code additionalProperties}), required keys present, enum
 * values listed. Follows {@code $ref}, {@code allOf}, and picks the {@code oneOf}/{@code anyOf}
 * branch that fits the node's kind. Not a full validator: enough to keep the schema and the
 * examples honest with each other.
 */
final class SchemaWalker {
    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private SchemaWalker(JsonNode root) {
        this.root = root;
    }

    static List<String> check(Node policy, JsonNode schema) {
        SchemaWalker w = new SchemaWalker(schema);
        w.walk(policy, schema, "$");
        return w.problems;
    }

    private JsonNode resolve(JsonNode s) {
        while (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            s = root.at(ref.substring(1));
        }
        return s;
    }

    private void walk(Node n, JsonNode schema, String path) {
        JsonNode s = resolve(schema);
        for (JsonNode part : s.path("allOf")) {
            walk(n, part, path);
        }
        for (String alt : List.of("oneOf", "anyOf")) {
            if (s.has(alt) && !s.has("properties") && !s.has("type")) {
                JsonNode branch = fitting(n, s.get(alt));
                if (branch == null) {
                    problems.add(path + ": no " + alt + " branch takes " + n.kind());
                } else {
                    walk(n, branch, path);
                }
                return;
            }
        }
        switch (n) {
            case Node.MapNode m -> object(m, s, path);
            case Node.ListNode l -> {
                if (s.has("items")) {
                    for (int i = 0; i < l.items().size(); i++) {
                        walk(l.items().get(i), s.get("items"), path + "[" + i + "]");
                    }
                } else if (!s.isEmpty()) {
                    problems.add(path + ": the schema has no list here");
                }
            }
            case Node.Scalar sc -> {
                if (s.has("enum") && !contains(s.get("enum"), sc.text())) {
                    problems.add(path + ": '" + sc.text() + "' is not in the schema's enum " + s.get("enum"));
                }
                if (s.has("properties") || "object".equals(s.path("type").asText())) {
                    problems.add(path + ": the schema wants a mapping here");
                }
            }
        }
    }

    private void object(Node.MapNode m, JsonNode s, String path) {
        JsonNode props = s.path("properties");
        JsonNode extra = s.get("additionalProperties");
        for (Node.Field f : m.fields().values()) {
            if (props.has(f.key())) {
                walk(f.value(), props.get(f.key()), path + "." + f.key());
            } else if (extra != null && extra.isObject()) {
                walk(f.value(), extra, path + "." + f.key());
            } else {
                problems.add(path + ": key '" + f.key() + "' (line " + f.line() + ") is not declared in the schema");
            }
        }
        for (JsonNode r : s.path("required")) {
            if (!m.fields().containsKey(r.asText())) {
                problems.add(path + ": required key '" + r.asText() + "' is missing");
            }
        }
    }

    /** The branch whose kind fits the node: object for mappings, array for lists, else a scalar branch whose enum has the value. */
    private JsonNode fitting(Node n, JsonNode branches) {
        for (JsonNode b : branches) {
            JsonNode r = resolve(b);
            String type = r.path("type").asText();
            boolean object = type.equals("object") || r.has("properties");
            boolean array = type.equals("array") || r.has("items");
            boolean fits = switch (n) {
                case Node.MapNode m -> object;
                case Node.ListNode l -> array;
                case Node.Scalar sc -> !object && !array && (!r.has("enum") || contains(r.get("enum"), sc.text()));
            };
            if (fits) {
                return b;
            }
        }
        return null;
    }

    private static boolean contains(JsonNode values, String text) {
        for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
            if (it.next().asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
