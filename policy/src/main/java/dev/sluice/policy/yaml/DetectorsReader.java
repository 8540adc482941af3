package dev.sluice.policy.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.Detector;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.DetectorCatalogLoader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the policy's own detectors ({@code detectors:}) in the format of
 * {@link DetectorCatalogLoader}, one entry at a time so that every bad entry is reported. The
 * loader's messages have no locations; a message that names a key of the entry is placed at
 * that key, any other at the entry. An id that the built-in catalog (or an earlier entry)
 * already has is an error: custom detectors add, they do not override.
 */
final class DetectorsReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SOURCE = "policy";

    private DetectorsReader() {
    }

    static List<Detector> read(Node n, DetectorCatalog base, DetectorCatalogLoader loader, Problems p) {
        List<Detector> out = new ArrayList<>();
        List<Node> items = Fields.list(n, "detectors", false, p);
        for (Node item : items) {
            Node.MapNode m = Fields.map(item, "a detector", p);
            if (m == null) {
                continue;
            }
            ArrayNode one = JSON.arrayNode().add(toJson(m));
            List<Detector> parsed;
            try {
                parsed = loader.parse(one, SOURCE);
            } catch (IllegalArgumentException e) {
                String msg = clean(e.getMessage());
                Node.Field at = namedKey(m, msg);
                if (at != null) {
                    p.at(at, msg);
                } else {
                    p.at(m, msg);
                }
                continue;
            }
            for (Detector d : parsed) {
                boolean clash = base.get(d.id()) != null || out.stream().anyMatch(o -> o.id().equals(d.id()));
                boolean category = Arrays.stream(Category.values()).anyMatch(c -> c.label().equals(d.id()));
                if (category) {
                    p.at(m.fields().get("id"), "detector id '" + d.id() + "' is a category name; pick another id");
                } else if (clash) {
                    p.at(m.fields().get("id"), "detector id '" + d.id() + "' already exists; pick another id");
                } else {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** The loader's message without its source prefix. */
    private static String clean(String msg) {
        if (msg == null) {
            return "invalid detector";
        }
        return msg.startsWith(SOURCE + ": ") ? msg.substring(SOURCE.length() + 2) : msg;
    }

    /** The entry's key that the message names in quotes (the one it is about), or null. */
    private static Node.Field namedKey(Node.MapNode m, String msg) {
        Node.Field found = null;
        int at = Integer.MAX_VALUE;
        for (Node.Field f : m.fields().values()) {
            int i = msg.indexOf("'" + f.key() + "'");
            if (i >= 0 && !f.key().equals("id") && (found == null || i < at)) {
                found = f;
                at = i;
            }
        }
        return found;
    }

    static JsonNode toJson(Node n) {
        return switch (n) {
            case Node.MapNode m -> {
                ObjectNode o = JSON.objectNode();
                m.fields().values().forEach(f -> o.set(f.key(), toJson(f.value())));
                yield o;
            }
            case Node.ListNode l -> {
                ArrayNode a = JSON.arrayNode();
                l.items().forEach(i -> a.add(toJson(i)));
                yield a;
            }
            case Node.Scalar s -> switch (s.type()) {
                case NULL -> JSON.nullNode();
                case BOOLEAN -> JSON.booleanNode(Boolean.parseBoolean(s.text()));
                case INTEGER -> integer(s.text());
                case FLOAT -> decimal(s.text());
                case STRING -> JSON.textNode(s.text());
            };
        };
    }

    private static JsonNode integer(String text) {
        try {
            return JSON.numberNode(new BigInteger(text.replace("_", "")));
        } catch (NumberFormatException e) {
            return JSON.textNode(text);
        }
    }

    private static JsonNode decimal(String text) {
        try {
            return JSON.numberNode(new BigDecimal(text.replace("_", "")));
        } catch (NumberFormatException e) {
            return JSON.textNode(text);
        }
    }
}
