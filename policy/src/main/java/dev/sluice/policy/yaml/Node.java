package dev.sluice.policy.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the policy's YAML tree with the line and column where it starts. Jackson's
 * {@code JsonNode} forgets locations, so {@link TreeReader} builds these instead.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {
    int line();

    int column();

    /** What the node is, for messages: "a mapping", "a list", "a string", "a number", ... */
    String kind();

    /** A key of a mapping, where it was written, and its value. */
    record Field(String key, int line, int column, Node value) {
    }

    record MapNode(int line, int column, Map<String, Field> fields) implements Node {
        public MapNode {
            fields = new LinkedHashMap<>(fields);
        }

        Node get(String key) {
            Field f = fields.get(key);
            return f == null ? null : f.value();
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record ListNode(int line, int column, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code type} tells how YAML typed it, {@code text} is null for a YAML null. */
    record Scalar(int line, int column, String text, Type type) implements Node {
        enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER, FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "empty";
            };
        }
    }
}
