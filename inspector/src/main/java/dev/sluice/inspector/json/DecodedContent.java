package dev.sluice.inspector.json;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.text.MarkupBodyParser;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.PathPrefix;

/**
 * Reads text decoded out of a value (base64 in a JSON string, a form field, an XML element) as
 * what it is: a JSON document, with paths that continue the value's; markup (a SAML response,
 * an XML message, an HTML fragment), with its element paths; or text, under the value's path and
 * without its key (the key named the encoded value, which has been judged by it). Problems of the
 * decoded document stay its own: a value that only looked like one is not a malformed body.
 */
final class DecodedContent {
    private DecodedContent() {
    }

    /**
     * Reads text decoded out of a body's own value {@code field} (a form field, a markup value,
     * a protobuf or CBOR string): a JSON document continues the value's path and, the value
     * having no container of its own, counts its depth from 1.
     */
    static void readValue(ParserContext ctx, DecodedString doc, FieldContext field) {
        read(ctx, doc, field.key(), 1, PathPrefix.of(field.path().toString()), 1);
    }

    /**
     * @param ctx the context of the value's body
     * @param doc the decoded bytes, each with the wire span it stands for
     * @param name the value's key: parent key of a JSON document's values
     * @param level how many documents deep a JSON document is (its own base64 strings count on)
     * @param at the value's path, continued by a JSON document's paths
     * @param depthBase where a JSON document's containers start counting depth
     */
    static void read(ParserContext ctx, DecodedString doc, String name, int level, PathPrefix at, int depthBase) {
        if (doc.looksLikeJson()) {
            JsonBodyParser.parseNested(ctx, doc, name, level, at, depthBase);
            return;
        }
        NestedContext nested = new NestedContext(ctx, doc);
        ByteSink parser = switch (doc.markup()) {
            case XML -> MarkupBodyParser.xml(nested, 0, null);
            case HTML -> MarkupBodyParser.html(nested, 0, null);
            case NONE -> new TextBodyParser(nested, 0, null, at.toString());
        };
        parser.write(doc.bytes, 0, doc.length);
        parser.end();
    }
}
