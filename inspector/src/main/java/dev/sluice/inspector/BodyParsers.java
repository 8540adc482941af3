package dev.sluice.inspector;

import dev.sluice.inspector.binary.BinaryDocumentParser;
import dev.sluice.inspector.delta.DeltaContext;
import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.inspector.grpc.GrpcBodyParser;
import dev.sluice.inspector.head.HttpHeadParser;
import dev.sluice.inspector.json.Base64Values;
import dev.sluice.inspector.json.JsonBodyParser;
import dev.sluice.inspector.json.NestedDocuments;
import dev.sluice.inspector.json.RecordSeparators;
import dev.sluice.inspector.multipart.MultipartBodyParser;
import dev.sluice.inspector.sse.EventStreamBodyParser;
import dev.sluice.inspector.text.CsvBodyParser;
import dev.sluice.inspector.text.GraphqlDocumentParser;
import dev.sluice.inspector.text.MarkupBodyParser;
import dev.sluice.inspector.text.TextBodyParser;
import java.util.function.Supplier;

/**
 * Picks the parser for a content type. Nothing is ever skipped for being of an unknown type:
 * it is scanned raw, unless the front end says it carries protobuf messages of a known type.
 * A body labelled as text, HTML or nothing known is read as JSON when its first bytes show it is,
 * and one labelled as text or nothing known as XML when it opens with an XML declaration
 * ({@link GuessingBodyParser}); so is a multipart body's part, by its own label. A request body
 * with no label that opens with a form field is read as a form ({@link ParserContext#guessesForms}).
 */
final class BodyParsers {
    private BodyParsers() {
    }

    /** The content type a body guessed to be XML is opened with. */
    private static final String XML = "application/xml";

    static ByteSink open(ParserContext ctx, String contentType, long baseOffset, String name, int depth) {
        MediaKind kind = kindOf(ctx, contentType, depth);
        return depth == 0 ? guessing(ctx, kind, baseOffset, name, depth, contentType == null && ctx.guessesForms(),
                () -> parser(ctx, kind, contentType, baseOffset, name, depth))
                : parser(ctx, kind, contentType, baseOffset, name, depth);
    }

    /**
     * A part of a container that carries its own label ({@link ParserContext#openPart}): guessed
     * as a whole body is. Its declared parser comes from the context's {@code open}, which at a
     * depth below the body's guesses nothing, so a part is guessed once.
     */
    static ByteSink openPart(ParserContext ctx, String contentType, long baseOffset, String name, int depth) {
        return guessing(ctx, kindOf(ctx, contentType, depth), baseOffset, name, depth, false,
                () -> ctx.open(contentType, baseOffset, name, depth));
    }

    private static ByteSink guessing(ParserContext ctx, MediaKind kind, long baseOffset, String name, int depth,
                                     boolean form, Supplier<ByteSink> declared) {
        if (!GuessingBodyParser.guesses(kind, ctx)) {
            return declared.get();
        }
        return new GuessingBodyParser(() -> ctx.open(ParserContext.GUESSED_JSON, baseOffset, name, depth),
                kind == MediaKind.HTML ? null : () -> ctx.open(XML, baseOffset, name, depth),
                form ? () -> ctx.open(MediaKind.FORM_URLENCODED, baseOffset, name, depth) : null, declared);
    }

    /**
     * A text body; a multipart part's text is found under the part's name, as the same field of
     * an urlencoded form is, so an allow-list entry names both alike.
     */
    private static ByteSink text(ParserContext ctx, long baseOffset, String name) {
        return new TextBodyParser(ctx, baseOffset, name, name == null ? "" : name);
    }

    private static ByteSink parser(ParserContext ctx, MediaKind kind, String contentType, long baseOffset, String name,
                                   int depth) {
        return switch (kind) {
            case JSON -> json(ctx, contentType, baseOffset, name, depth);
            case FORM -> new FormBodyParser(NestedDocuments.around(ctx), baseOffset, name, "", ctx.readsNames());
            case MULTIPART -> MultipartBodyParser.forContentType(ctx, baseOffset, name, contentType, depth);
            case HTML -> MarkupBodyParser.html(ctx, Base64Values.around(ctx, ctx.sink()), baseOffset, name);
            case XML -> MarkupBodyParser.xml(ctx, Base64Values.around(ctx, ctx.sink()), baseOffset, name);
            case CSV -> CsvBodyParser.forContentType(ctx, baseOffset, name, contentType);
            case EVENT_STREAM -> new EventStreamBodyParser(ctx, baseOffset, depth);
            case GRPC, PROTOBUF -> new GrpcBodyParser(ctx, contentType, baseOffset);
            case RAW -> ctx.protobuf() != null && depth == 0
                    ? new GrpcBodyParser(ctx, contentType, baseOffset)
                    : text(ctx, baseOffset, name);
            case TEXT -> text(ctx, baseOffset, name);
            case GRAPHQL -> new GraphqlDocumentParser(ctx, baseOffset, name);
            case HTTP_HEAD -> new HttpHeadParser(ctx, baseOffset);
            case CBOR -> BinaryDocumentParser.cbor(ctx, baseOffset, name);
            case MSGPACK -> BinaryDocumentParser.messagePack(ctx, baseOffset, name);
        };
    }

    private static ByteSink json(ParserContext ctx, String contentType, long baseOffset, String name, int depth) {
        ByteSink parser = new JsonBodyParser(joining(ctx, contentType, depth), baseOffset, name, 0,
                ParserContext.GUESSED_JSON.equals(contentType));
        return MediaKind.recordSeparated(contentType) ? new RecordSeparators(parser) : parser;
    }

    /**
     * The context a JSON body is parsed in: one that joins text streamed in pieces when a line
     * may carry the next piece (a model's NDJSON answer) or the body is the next of a sequence
     * (a WebSocket message); else the body's own.
     */
    private static ParserContext joining(ParserContext ctx, String contentType, int depth) {
        if (MediaKind.jsonSequence(contentType)) {
            return new DeltaContext(ctx);
        }
        return depth == 0 && ctx.sequence() != null ? new DeltaContext(ctx, ctx.sequence()) : ctx;
    }

    /** The kind of parser {@link #open} picks; a body nested too deep is raw. */
    static MediaKind kindOf(ParserContext ctx, String contentType, int depth) {
        return depth > ctx.limits().maxDepth() ? MediaKind.RAW : MediaKind.of(contentType);
    }

    /** The syntax of the values a parser of {@code kind} writes (JSON numbers aside, which its parser asks for). */
    static ValueSyntax syntaxOf(ParserContext ctx, MediaKind kind, int depth) {
        return switch (kind) {
            case JSON -> ValueSyntax.JSON_STRING;
            case FORM -> ValueSyntax.FORM;
            case HTML, XML -> ValueSyntax.HTML;
            case CSV -> ValueSyntax.CSV;
            case MULTIPART, EVENT_STREAM, TEXT, GRAPHQL, HTTP_HEAD -> ValueSyntax.TEXT;
            // A string's replacement keeps its length, which its header states.
            case CBOR, MSGPACK -> ValueSyntax.BINARY;
            // Only the body's own messages are re-encoded; a message inside a part keeps its lengths.
            case GRPC, PROTOBUF -> depth == 0 ? ValueSyntax.PROTOBUF : ValueSyntax.BINARY;
            case RAW -> ctx.protobuf() != null && depth == 0 ? ValueSyntax.PROTOBUF : ValueSyntax.BINARY;
        };
    }
}
